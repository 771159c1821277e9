namespace AotSuite.Http.Parsing;

/// <summary>The request method; anything that is a valid token but not listed is <see cref="Custom"/> (see the raw text).</summary>
public enum HttpMethod : byte
{
    Get,
    Head,
    Post,
    Put,
    Delete,
    Patch,
    Options,
    Trace,
    Connect,
    Custom,
}
