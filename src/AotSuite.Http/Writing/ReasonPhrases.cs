namespace AotSuite.Http.Writing;

internal static class ReasonPhrases
{
    public static ReadOnlySpan<byte> For(int status) => status switch
    {
        100 => "Continue"u8,
        200 => "OK"u8,
        201 => "Created"u8,
        204 => "No Content"u8,
        206 => "Partial Content"u8,
        301 => "Moved Permanently"u8,
        302 => "Found"u8,
        303 => "See Other"u8,
        304 => "Not Modified"u8,
        307 => "Temporary Redirect"u8,
        308 => "Permanent Redirect"u8,
        400 => "Bad Request"u8,
        401 => "Unauthorized"u8,
        403 => "Forbidden"u8,
        404 => "Not Found"u8,
        405 => "Method Not Allowed"u8,
        406 => "Not Acceptable"u8,
        408 => "Request Timeout"u8,
        412 => "Precondition Failed"u8,
        413 => "Content Too Large"u8,
        414 => "URI Too Long"u8,
        416 => "Range Not Satisfiable"u8,
        431 => "Request Header Fields Too Large"u8,
        500 => "Internal Server Error"u8,
        501 => "Not Implemented"u8,
        503 => "Service Unavailable"u8,
        505 => "HTTP Version Not Supported"u8,
        _ => "Unknown"u8,
    };
}
