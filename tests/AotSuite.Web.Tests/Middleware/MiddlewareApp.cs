using System.Diagnostics;
using AotSuite.Web;

namespace AotSuite.Web.Tests.Middleware;

/// <summary>Counts handler calls, so a test can tell a refused request never reached its handler.</summary>
public sealed class Calls
{
    public int Count;
}

/// <summary>An app with the built-in middleware on it, talked to over real sockets (and curl) by the middleware tests.</summary>
internal static class MiddlewareApp
{
    public const string Origin = "https://app.example";

    public static CorsOptions Cors { get; } = new()
    {
        Origins = [Origin, "http://localhost:5173"],
        Methods = ["GET", "POST", "DELETE"],
        ExposedHeaders = ["X-Request-Id"],
        Credentials = true,
        MaxAge = TimeSpan.FromMinutes(10),
    };

    public static WebApp Create(CorsOptions? cors = null, string requestIdHeader = "X-Request-Id")
    {
        var app = WebApp.Create(new WebAppOptions { Port = 0 });
        var calls = new Calls();
        app.Services.Add(calls);
        app.Use(RequestId.Create(requestIdHeader));
        app.Use(AotSuite.Web.Cors.Create(cors ?? Cors));
        // Answers its own errors the way TaskBoard's StoreErrors does: clears what was written, then writes a problem.
        app.Use(async (ctx, next) =>
        {
            try
            {
                await next();
            }
            catch (KeyNotFoundException e)
            {
                ctx.Response.Clear();
                ctx.WriteProblem(404, e.Message);
            }
        });

        app.MapGet("/id", (WebContext ctx) => ctx.RequestId() ?? "none");
        app.MapGet("/id/async", async (WebContext ctx) =>
        {
            await Task.Yield();
            return ctx.RequestId() ?? "none";
        });
        app.MapGet("/fail", string () => throw new InvalidOperationException("boom"));
        app.MapGet("/missing", string () => throw new KeyNotFoundException("no such thing"));
        app.MapDelete("/things/{id:int}", (int id) => Results.NoContent());

        app.MapGet("/cookie", (WebContext ctx) => ctx.Cookie("session") ?? "none");
        app.MapPost("/login", (WebContext ctx) =>
        {
            ctx.SetCookie("session", "abc123");
            ctx.SetCookie("theme", "dark", new CookieOptions { HttpOnly = false, MaxAge = TimeSpan.FromDays(1), SameSite = SameSite.Strict });
            return "ok";
        });
        app.MapPost("/logout", (WebContext ctx) =>
        {
            ctx.DeleteCookie("session");
            return "bye";
        });
        app.MapGet("/bad-cookie", (WebContext ctx) =>
        {
            ctx.SetCookie("session", "two words");
            return "unreachable";
        });

        var small = app.MapGroup("/small");
        small.Use(BodyLimit.Create(16));
        small.MapPost("/echo", (WebContext ctx, Calls calls) =>
        {
            calls.Count++;
            return $"{ctx.Request.Body.Length} bytes";
        });
        app.MapPost("/big", (WebContext ctx) => $"{ctx.Request.Body.Length} bytes");

        // A streamed answer: its head goes out from the handler, before the middleware's way out.
        app.MapGet("/stream", async (WebContext ctx) =>
        {
            ctx.Response.AddHeader("Content-Type"u8, "text/plain"u8);
            await ctx.Response.WriteAsync("streamed "u8.ToArray());
            await ctx.Response.WriteAsync((ctx.RequestId() ?? "none").Select(static c => (byte)c).ToArray());
        });
        app.MapGet("/peer", (WebContext ctx) => ctx.RemoteEndPoint?.ToString() ?? "none");

        app.Start();
        return app;
    }

    public static async Task<(int ExitCode, string Output)> CurlAsync(WebApp app, params string[] arguments)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add("-sS");
        foreach (var argument in arguments) info.ArgumentList.Add(argument.Replace("{url}", app.Url, StringComparison.Ordinal));
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
