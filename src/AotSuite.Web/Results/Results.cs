using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text;
using AotSuite.Json;

namespace AotSuite.Web;

/// <summary>
/// Answers a handler can return besides a model (written as 200 JSON) or a string (200 text). Each is a small object;
/// the allocation-free path is returning the model itself.
/// </summary>
public static class Results
{
    private static readonly IResult NoContentResult = new StatusResult(204);
    private static readonly IResult NotFoundResult = new StatusResult(404);

    // Ok, Json and Created take any type: the AotSuite.Web generator replaces each call (an interceptor, as for MapGet)
    // with one that writes T through its [JsonModel] reader/writer or a codec generated for T, so T needs no attribute.

    public static IResult Ok<T>(T value) => throw NotIntercepted("Ok");

    public static IResult Json<T>(T value, int status = 200) => throw NotIntercepted("Json");

    // Preferred over Json(T) when both apply, so a list is written as an array of its items, not looked at as one object.
    [OverloadResolutionPriority(1)]
    public static IResult Json<T>(IReadOnlyList<T> values, int status = 200) => throw NotIntercepted("Json");

    public static IResult Created<T>(string location, T value) => throw NotIntercepted("Created");

    /// <summary>What the generated interceptors of <c>Ok</c>, <c>Json</c> and <c>Created</c> return.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static IResult Json<T, TCodec>(T value, int status, string? location) where TCodec : IJsonCodec<T> =>
        new JsonResult<T, TCodec>(value, status, location);

    /// <summary>What the generated interceptor of <c>Json(list)</c> returns.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static IResult JsonArray<T, TCodec>(IReadOnlyList<T> values, int status) where TCodec : IJsonCodec<T> =>
        new JsonListResult<T, TCodec>(values, status);

    public static IResult Text(string text, int status = 200, string contentType = "text/plain; charset=utf-8") =>
        new TextResult(text, status, contentType);

    public static IResult NoContent() => NoContentResult;

    public static IResult NotFound() => NotFoundResult;

    public static IResult Status(int status) => new StatusResult(status);

    public static IResult Problem(int status, string? detail = null, string? field = null) => new ProblemResult(status, detail, field);

    public static IResult Redirect(string location, bool permanent = false) => new RedirectResult(location, permanent ? 308 : 302);

    private sealed record StatusResult(int Status) : IResult
    {
        public void Execute(WebContext context) => context.Status = Status;
    }

    private sealed record JsonResult<T, TCodec>(T Value, int Status, string? Location) : IResult where TCodec : IJsonCodec<T>
    {
        public void Execute(WebContext context)
        {
            if (Location is not null) context.Response.AddHeader("Location"u8, Encoding.UTF8.GetBytes(Location));
            context.WriteJson<T, TCodec>(Value, Status);
        }
    }

    private sealed record JsonListResult<T, TCodec>(IReadOnlyList<T> Values, int Status) : IResult where TCodec : IJsonCodec<T>
    {
        public void Execute(WebContext context) => context.WriteJsonArray<T, TCodec>(Values, Status);
    }

    private sealed record TextResult(string Text, int Status, string ContentType) : IResult
    {
        public void Execute(WebContext context) => context.WriteText(Text, Status, ContentType);
    }

    private sealed record ProblemResult(int Status, string? Detail, string? Field) : IResult
    {
        public void Execute(WebContext context) => context.WriteProblem(Status, Detail, Field);
    }

    private static InvalidOperationException NotIntercepted(string method) =>
        new($"Results.{method} was not compiled by the AotSuite.Web generator: reference AotSuite.Web as a package (or its generator as an analyzer) and add 'AotSuite.Web.Generated' to <InterceptorsNamespaces>");

    private sealed record RedirectResult(string Location, int Status) : IResult
    {
        public void Execute(WebContext context)
        {
            context.Status = Status;
            context.Response.AddHeader("Location"u8, Encoding.UTF8.GetBytes(Location));
        }
    }
}
