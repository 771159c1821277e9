using System.Runtime.InteropServices;

namespace AotSuite.Http.Uring;

/// <summary>
/// The kernel's io_uring ABI (linux/io_uring.h) and the few libc calls the ring transport makes. The ring calls go
/// through libc's syscall(2) (glibc has no wrappers); the numbers are the same on x86-64 and arm64. Declared here rather
/// than taken from AotSuite.Native's Libc: that package carries the suite's C library, which HTTP does not need.
/// </summary>
internal static unsafe partial class UringNative
{
    private const string Libc = "libc";

    public const int SysSetup = 425;
    public const int SysEnter = 426;
    public const int SysRegister = 427;

    public const byte OpRead = 22;
    public const byte OpSend = 26;
    public const byte OpRecv = 27;
    public const byte OpTimeout = 11;
    public const byte OpAccept = 13;
    public const byte OpAsyncCancel = 14;

    public const byte SqeBufferSelect = 1 << 5;
    public const uint SetupCqSize = 1 << 3;
    public const uint SetupSubmitAll = 1 << 7;
    public const uint SetupTaskrunFlag = 1 << 9;
    public const uint SetupSingleIssuer = 1 << 12;
    public const uint SetupDeferTaskrun = 1 << 13;
    public const uint FeatSingleMmap = 1 << 0;
    public const uint SqTaskrun = 1 << 2;
    public const uint EnterGetEvents = 1 << 0;
    public const ushort AcceptMultishot = 1 << 0;
    public const ushort RecvMultishot = 1 << 1;
    public const uint CqeBuffer = 1 << 0;
    public const uint CqeMore = 1 << 1;
    public const int CqeBufferShift = 16;
    public const uint RegisterPbufRing = 22;
    public const long OffSqRing = 0;
    public const long OffSqes = 0x10000000;

    public const int MsgNoSignal = 0x4000;
    public const int SockCloexec = 0x80000;
    public const int ShutRead = 0;
    public const int ShutReadWrite = 2;

    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EBUSY = 16;
    public const int ECANCELED = 125;
    public const int ENOBUFS = 105;
    public const int ECONNRESET = 104;
    public const int EPIPE = 32;

    [StructLayout(LayoutKind.Sequential)]
    public struct SqRingOffsets
    {
        public uint Head, Tail, RingMask, RingEntries, Flags, Dropped, Array, Resv1;
        public ulong Resv2;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CqRingOffsets
    {
        public uint Head, Tail, RingMask, RingEntries, Overflow, Cqes, Flags, Resv1;
        public ulong Resv2;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Params
    {
        public uint SqEntries, CqEntries, Flags, SqThreadCpu, SqThreadIdle, Features, WqFd, Resv0, Resv1, Resv2;
        public SqRingOffsets SqOff;
        public CqRingOffsets CqOff;
    }

    /// <summary>struct io_uring_sqe (64 bytes), with the unions named for the fields this transport uses.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    public struct Sqe
    {
        [FieldOffset(0)] public byte Opcode;
        [FieldOffset(1)] public byte Flags;
        [FieldOffset(2)] public ushort IoPrio;
        [FieldOffset(4)] public int Fd;
        [FieldOffset(8)] public ulong Off;
        [FieldOffset(16)] public ulong Addr;
        [FieldOffset(24)] public uint Len;
        [FieldOffset(28)] public uint OpFlags;
        [FieldOffset(32)] public ulong UserData;
        [FieldOffset(40)] public ushort BufGroup;
        [FieldOffset(42)] public ushort Personality;
        [FieldOffset(44)] public int SpliceFdIn;
        [FieldOffset(48)] public ulong Addr3;
        [FieldOffset(56)] public ulong Pad;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Cqe
    {
        public ulong UserData;
        public int Res;
        public uint Flags;
    }

    /// <summary>struct io_uring_buf_reg: a provided-buffer ring handed to the kernel.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct BufReg
    {
        public ulong RingAddr;
        public uint RingEntries;
        public ushort Bgid;
        public ushort Pad;
        public ulong Resv0, Resv1, Resv2;
    }

    /// <summary>struct io_uring_buf: one entry of a provided-buffer ring (the ring's tail overlays entry 0's last field).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Buf
    {
        public ulong Addr;
        public uint Len;
        public ushort Bid;
        public ushort Resv;
    }

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true)]
    public static partial long Syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    [LibraryImport(Libc, EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Libc, EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);

    [LibraryImport(Libc, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport(Libc, EntryPoint = "getpeername", SetLastError = true)]
    public static partial int GetPeerName(int fd, byte* address, uint* length);

    public const int ProtRead = 1;
    public const int ProtWrite = 2;
    public const int MapShared = 1;
    public const int MapPrivate = 2;
    public const int MapAnonymous = 0x20;
    public const int MapPopulate = 0x8000;
    public const int EfdCloexec = 0x80000;
    public const int EfdNonblock = 0x800;
}
