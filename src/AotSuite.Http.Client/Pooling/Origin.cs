using System.Text;

namespace AotSuite.Http.Client.Pooling;

/// <summary>Scheme, host and port: what a connection can be reused for (RFC 6454), and what the Host field says.</summary>
internal sealed record Origin(bool Https, string Host, int Port)
{
    /// <summary>The Host field value as bytes, port omitted when it is the scheme's default (RFC 9110 §7.2).</summary>
    public byte[] HostHeader { get; } = Encoding.ASCII.GetBytes(
        (Host.Contains(':') ? $"[{Host}]" : Host) + (Port == (Https ? 443 : 80) ? "" : $":{Port}"));

    public static Origin Of(Uri url) => new(url.Scheme == Uri.UriSchemeHttps, url.IdnHost.Trim('[', ']'), url.Port);

    public override string ToString() => $"{(Https ? "https" : "http")}://{Encoding.ASCII.GetString(HostHeader)}";
}
