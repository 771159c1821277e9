using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace AotSuite.Http.Parsing;

/// <summary>Throw helpers, so the parsing methods stay small enough to inline.</summary>
internal static class HttpThrow
{
    [DoesNotReturn, StackTraceHidden]
    public static void Reject(HttpRejectReason reason) => throw new HttpRejectException(reason);
}
