using System.Net.Sockets;
using System.Text;

namespace AotSuite.Web.Tests;

/// <summary>Raw HTTP/1.1 over a real socket, so a test sees exactly the status line, headers and body the app sent.</summary>
internal static class Http
{
    public static async Task<Reply> SendAsync(WebApp app, string method, string target, string? body = null, params string[] headers)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", app.Port);
        var stream = client.GetStream();
        var request = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n");
        foreach (var header in headers) request.Append(header).Append("\r\n");
        if (body is not null) request.Append($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nContent-Type: application/json\r\n");
        request.Append("\r\n").Append(body);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return Reply.Parse(text);
    }

    public static Task<Reply> GetAsync(WebApp app, string target, params string[] headers) => SendAsync(app, "GET", target, null, headers);
}

internal sealed record Reply(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>Every header field in order, repeated names included (Headers keeps only the last of each).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; private init; } = [];

    /// <summary>The values of every field named <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> All(string name) =>
        [.. Fields.Where(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value)];

    public static Reply Parse(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..end].Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon]] = line[(colon + 1)..].Trim();
            fields.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }
        return new Reply(int.Parse(lines[0].Split(' ')[1]), headers, text[(end + 4)..]) { Fields = fields };
    }
}
