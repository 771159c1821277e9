namespace AotSuite.Http.Parsing;

public enum HttpVersion : byte
{
    Http10,
    Http11,
}
