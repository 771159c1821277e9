namespace AotSuite.StaticFiles.Negotiation;

internal enum ContentCoding : byte
{
    Identity,
    Gzip,
    Brotli,
}
