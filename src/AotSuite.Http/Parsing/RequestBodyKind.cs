namespace AotSuite.Http.Parsing;

public enum RequestBodyKind : byte
{
    None,
    ContentLength,
    Chunked,
}
