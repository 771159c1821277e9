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

    public static IResult Ok<T>(T value) where T : IJsonModel<T> => new JsonResult<T>(value, 200);

    public static IResult Json<T>(T value, int status = 200) where T : IJsonModel<T> => new JsonResult<T>(value, status);

    public static IResult Json<T>(IReadOnlyList<T> values, int status = 200) where T : IJsonModel<T> => new JsonListResult<T>(values, status);

    public static IResult Created<T>(string location, T value) where T : IJsonModel<T> => new JsonResult<T>(value, 201, location);

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

    private sealed record JsonResult<T>(T Value, int Status, string? Location = null) : IResult where T : IJsonModel<T>
    {
        public void Execute(WebContext context)
        {
            if (Location is not null) context.Response.AddHeader("Location"u8, Encoding.UTF8.GetBytes(Location));
            context.WriteJson(Value, Status);
        }
    }

    private sealed record JsonListResult<T>(IReadOnlyList<T> Values, int Status) : IResult where T : IJsonModel<T>
    {
        public void Execute(WebContext context) => context.WriteJsonArray(Values, Status);
    }

    private sealed record TextResult(string Text, int Status, string ContentType) : IResult
    {
        public void Execute(WebContext context) => context.WriteText(Text, Status, ContentType);
    }

    private sealed record ProblemResult(int Status, string? Detail, string? Field) : IResult
    {
        public void Execute(WebContext context) => context.WriteProblem(Status, Detail, Field);
    }

    private sealed record RedirectResult(string Location, int Status) : IResult
    {
        public void Execute(WebContext context)
        {
            context.Status = Status;
            context.Response.AddHeader("Location"u8, Encoding.UTF8.GetBytes(Location));
        }
    }
}
