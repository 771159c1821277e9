using AotSuite.Json;
using AotSuite.Web;

namespace AotSuite.Examples.HelloWeb;

/// <summary>A user as the benchmark's JSON route answers it; a struct, so answering allocates nothing.</summary>
[JsonModel]
public partial record struct User(int Id, string Name, bool Active);

/// <summary>The routes the framework benchmarks compare with Fastify, Koa, Express and ASP.NET minimal APIs.</summary>
public static class HelloRoutes
{
    /// <summary>The app with its routes: made, given middleware and mapped in one method, so its chain is composed at compile time.</summary>
    public static WebApp Create(WebAppOptions options)
    {
        var app = WebApp.Create(options);
        // One middleware on the way, as the peers' apps have: a response header.
        app.Use(static (context, next) =>
        {
            context.Response.AddHeader("X-Powered-By"u8, "AotSuite"u8);
            return next();
        });
        app.MapGet("/users/{id:int}", static (int id) => new User(id, "Ada Lovelace", true));
        app.MapGet("/plaintext", static () => "Hello, World!");
        return app;
    }
}
