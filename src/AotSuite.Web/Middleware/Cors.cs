using System.ComponentModel;
using System.Text;
using AotSuite.Http.Parsing;

namespace AotSuite.Web;

/// <summary>
/// Cross-origin resource sharing (the Fetch standard's CORS protocol), as @fastify/cors and ASP.NET Core's CORS
/// middleware do it: an allowed origin gets <c>Access-Control-Allow-Origin</c> (and credentials, exposed headers); a
/// preflight (<c>OPTIONS</c> with <c>Access-Control-Request-Method</c>) is answered 204 here, before routing, so no
/// route needs an OPTIONS handler; a disallowed origin gets no CORS header at all, and the browser withholds the answer.
/// Every field value is encoded once, at start-up: a request costs a header lookup and a comparison per listed origin.
/// </summary>
public static class Cors
{
    public static Middleware Create(CorsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Runner(new Policy(options)).InvokeAsync;
    }

    /// <summary>The middleware itself; a chain the generator composes calls it directly rather than through its delegate.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class Runner
    {
        private readonly Policy policy;

        internal Runner(Policy policy) => this.policy = policy;

        public ValueTask InvokeAsync(WebContext context, Next next)
        {
            var request = context.Request;
            if (request.Method == HttpMethod.Options && request.TryGetHeader("Origin"u8, out var origin)
                && request.TryGetHeader("Access-Control-Request-Method"u8, out _))
            {
                policy.AnswerPreflight(context, origin);
                return default;
            }
            // Without an Origin this is no CORS request, but it still gets Vary: Origin, so a cache keeps it apart.
            return OutboundHeaders.AfterNext(policy, context, next);
        }
    }

    internal sealed class Policy : IOutboundHeaders
    {
        private readonly byte[][] origins;
        private readonly bool anyOrigin;
        private readonly bool credentials;
        private readonly byte[] methods;
        private readonly byte[]? headers;
        private readonly byte[]? exposed;
        private readonly byte[]? maxAge;

        public Policy(CorsOptions options)
        {
            if (options.Origins is not { Count: > 0 })
                throw new ArgumentException("CorsOptions.Origins is empty: list the origins allowed (\"https://app.example.com\"), or \"*\" for any", nameof(options));
            anyOrigin = options.Origins.Contains("*");
            credentials = options.Credentials;
            if (anyOrigin && credentials)
                throw new ArgumentException("CorsOptions.Origins \"*\" cannot be combined with Credentials (the Fetch standard forbids it); list the origins instead", nameof(options));
            foreach (var origin in options.Origins)
            {
                if (origin != "*" && (origin.Length == 0 || origin.EndsWith('/') || !Ascii.IsValid(origin) || origin.AsSpan().ContainsAny(" ,;\r\n\t")))
                    throw new ArgumentException($"CORS origin '{origin}' is not an origin: write scheme://host[:port] with no path or trailing '/' (\"https://app.example.com\")", nameof(options));
            }
            origins = [.. options.Origins.Where(static o => o != "*").Select(static o => Encoding.ASCII.GetBytes(o))];
            methods = List(options.Methods, nameof(CorsOptions.Methods));
            headers = options.Headers is null ? null : List(options.Headers, nameof(CorsOptions.Headers));
            exposed = options.ExposedHeaders.Count == 0 ? null : List(options.ExposedHeaders, nameof(CorsOptions.ExposedHeaders));
            if (options.MaxAge is { } age)
            {
                if (age < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), age, "CorsOptions.MaxAge must not be negative");
                maxAge = Encoding.ASCII.GetBytes(((long)age.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            if (credentials && (options.Methods.Contains("*") || (options.Headers?.Contains("*") ?? false)))
                throw new ArgumentException("CorsOptions \"*\" in Methods or Headers means a literal '*' when Credentials is on; list them instead", nameof(options));
        }

        /// <summary>Answers echo the request's origin (rather than a fixed <c>*</c>), so shared caches must key on it.</summary>
        public bool VariesByOrigin => !anyOrigin;

        public void Add(WebContext context, bool failed)
        {
            var origin = Origin(context);
            if (VariesByOrigin) OutboundHeaders.Add(context, "Vary"u8, "Origin"u8, failed);
            if (!Allows(origin)) return;
            OutboundHeaders.Add(context, "Access-Control-Allow-Origin"u8, anyOrigin ? "*"u8 : origin, failed);
            if (credentials) OutboundHeaders.Add(context, "Access-Control-Allow-Credentials"u8, "true"u8, failed);
            if (exposed is not null) OutboundHeaders.Add(context, "Access-Control-Expose-Headers"u8, exposed, failed);
        }

        public void AnswerPreflight(WebContext context, ReadOnlySpan<byte> origin)
        {
            var response = context.Response;
            response.StatusCode = 204;
            if (VariesByOrigin) response.AddHeader("Vary"u8, "Origin"u8);
            if (headers is null) response.AddHeader("Vary"u8, "Access-Control-Request-Headers"u8);
            if (!Allows(origin)) return;
            response.AddHeader("Access-Control-Allow-Origin"u8, anyOrigin ? "*"u8 : origin);
            if (credentials) response.AddHeader("Access-Control-Allow-Credentials"u8, "true"u8);
            response.AddHeader("Access-Control-Allow-Methods"u8, methods);
            if (headers is not null)
            {
                if (headers.Length > 0) response.AddHeader("Access-Control-Allow-Headers"u8, headers);
            }
            else if (context.Request.TryGetHeader("Access-Control-Request-Headers"u8, out var requested) && !requested.IsEmpty)
                response.AddHeader("Access-Control-Allow-Headers"u8, requested);
            if (maxAge is not null) response.AddHeader("Access-Control-Max-Age"u8, maxAge);
        }

        private static ReadOnlySpan<byte> Origin(WebContext context) =>
            context.Request.TryGetHeader("Origin"u8, out var origin) ? origin : default;

        private bool Allows(ReadOnlySpan<byte> origin)
        {
            if (origin.IsEmpty) return false;
            if (anyOrigin) return true;
            foreach (var allowed in origins)
            {
                if (Ascii.EqualsIgnoreCase(origin, allowed)) return true;
            }
            return false;
        }

        private static byte[] List(IReadOnlyList<string> values, string property)
        {
            ArgumentNullException.ThrowIfNull(values, property);
            foreach (var value in values)
            {
                if (value is null || value.Length == 0 || !Ascii.IsValid(value) || Encoding.ASCII.GetBytes(value).AsSpan().ContainsAnyExcept(HttpCharacters.Token))
                    throw new ArgumentException($"CorsOptions.{property} has '{value}', which is not a method or header name (RFC 9110 token)", property);
            }
            return Encoding.ASCII.GetBytes(string.Join(", ", values));
        }
    }
}
