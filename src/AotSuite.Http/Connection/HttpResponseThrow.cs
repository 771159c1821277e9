using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace AotSuite.Http.Connection;

/// <summary>Programmer errors in a handler's use of <see cref="HttpResponse"/>; kept out of the hot methods.</summary>
[StackTraceHidden]
internal static class HttpResponseThrow
{
    [DoesNotReturn]
    public static void AlreadyStarted() =>
        throw new InvalidOperationException("the response has started (its head is sent); status and header fields can no longer change");

    [DoesNotReturn]
    public static void NotAttached() =>
        throw new InvalidOperationException("the response belongs to no connection; only a handler's HttpContext can stream");

    [DoesNotReturn]
    public static void TooLong(long count, long remaining) =>
        throw new InvalidOperationException($"writing {count} bytes exceeds the declared Content-Length ({remaining} bytes left)");

    [DoesNotReturn]
    public static void FileEndedEarly(long offset) =>
        throw new EndOfStreamException($"the file ends at byte {offset}, before the range asked for");

    [DoesNotReturn]
    public static void FlushCanceled() => throw new OperationCanceledException("the connection's flush was canceled");
}
