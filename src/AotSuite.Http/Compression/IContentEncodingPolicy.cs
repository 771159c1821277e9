using System.IO.Compression;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Compression;

/// <summary>
/// Decides, when a response's head is final, whether its body is coded: the compression middleware implements it and
/// offers it with <see cref="HttpResponse.OfferEncoding"/>.
/// </summary>
internal interface IContentEncodingPolicy
{
    CompressionLevel Level { get; }

    /// <summary>
    /// The coding for <paramref name="response"/> as it stands (status, header fields), given the coding the client
    /// accepts and the body's length (-1 when it is streamed without one). It adds the header fields its choice needs
    /// (<c>Content-Encoding</c>, <c>Vary</c>); <see cref="ContentCoding.Identity"/> leaves the body as it is.
    /// </summary>
    ContentCoding Choose(HttpResponse response, ContentCoding accepted, long length);
}
