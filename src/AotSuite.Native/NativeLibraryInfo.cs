using System.Runtime.InteropServices;

namespace AotSuite.Native;

/// <summary>What native code this process carries.</summary>
public static class NativeLibraryInfo
{
    /// <summary>The version string compiled into libaotsuite_native.</summary>
    public static unsafe string Version => Marshal.PtrToStringUTF8((nint)NativeMethods.Version()) ?? "unknown";
}
