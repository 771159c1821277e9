using AotSuite.Http.Parsing;

namespace AotSuite.Http.Client.Policies;

/// <summary>The request that follows a redirect (RFC 9110 §15.4, with the method rewrites browsers and got apply).</summary>
internal static class RedirectPolicy
{
    /// <summary>Headers that carry credentials: never sent to another origin than the one they were given for.</summary>
    private static readonly string[] Credentials = ["Authorization", "Proxy-Authorization", "Cookie"];

    public static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;

    /// <summary>
    /// The next request, or null when the redirect cannot be followed (a 307/308 whose body cannot be sent again, a
    /// Location that is not http(s)): the 3xx is then returned as it is.
    /// </summary>
    public static FetchRequest? Next(FetchRequest previous, int status, string location)
    {
        if (!Uri.TryCreate(previous.Url, location, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }
        // RFC 9110 §15.4.4: 303 means "GET the result" (HEAD stays HEAD). §15.4.2/3: 301 and 302 after a POST became GET
        // in every browser, and the RFC allows it; 307 and 308 (§15.4.8/9) keep the method and the body.
        var method = previous.Method;
        var keepBody = true;
        if ((status == 303 && method != HttpMethod.Head) || (status is 301 or 302 && method == HttpMethod.Post))
        {
            method = HttpMethod.Get;
            keepBody = false;
        }
        if (keepBody && previous.Body is { IsReplayable: false }) return null;

        var next = new FetchRequest(method, target) { Body = keepBody ? previous.Body : null };
        var sameOrigin = target.Scheme == previous.Url.Scheme && target.IdnHost == previous.Url.IdnHost && target.Port == previous.Url.Port;
        foreach (var (name, value) in previous.Headers)
        {
            if (!sameOrigin && Array.Exists(Credentials, c => c.Equals(name, StringComparison.OrdinalIgnoreCase))) continue;
            // The body's description goes with the body.
            if (!keepBody && name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)) continue;
            next.AddHeader(name, value);
        }
        return next;
    }
}
