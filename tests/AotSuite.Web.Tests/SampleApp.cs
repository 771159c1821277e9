using AotSuite.Json;
using AotSuite.Web;

namespace AotSuite.Web.Tests;

[JsonModel]
public sealed partial record User(int Id, string Name);

[JsonModel]
public sealed partial record CreateUser(string Name, int Age);

public enum Sort
{
    Name,
    Age,
}

/// <summary>A service the handlers ask for by type.</summary>
public sealed class UserStore
{
    private readonly List<User> users = [new User(1, "ada"), new User(2, "linus")];

    public User? Find(int id) => users.FirstOrDefault(u => u.Id == id);

    public List<User> All() => users;

    public User Add(string name)
    {
        var user = new User(users.Max(u => u.Id) + 1, name);
        users.Add(user);
        return user;
    }
}

/// <summary>The app every test talks to over a real socket: one of each routing, binding and result feature.</summary>
internal static class SampleApp
{
    public static WebApp Create(bool development = false)
    {
        var app = WebApp.Create(new WebAppOptions { Port = 0, Development = development });
        app.Services.Add(new UserStore());
        var trail = new List<string>();
        app.Services.Add(trail);

        app.Use(async (ctx, next) =>
        {
            ctx.Response.AddHeader("X-Outer"u8, "1"u8);
            await next();
        });

        app.MapGet("/", () => "home");
        app.MapGet("/users", (UserStore store) => store.All());
        app.MapGet("/users/{id:int}", (int id, UserStore store) => store.Find(id));
        app.MapGet("/users/{name:alpha}", (string name) => $"by name {name}");
        app.MapPost("/users", (CreateUser body, UserStore store) => Results.Created($"/users/{store.Add(body.Name).Id}", store.All()[^1]));
        app.MapDelete("/users/{id:int}", (int id) => Results.NoContent());
        app.MapGet("/search", (string q, int page = 1, Sort sort = Sort.Name, bool? exact = null) => $"{q}|{page}|{sort}|{exact}");
        app.MapGet("/files/{*path}", (string path) => $"file:{path}");
        app.MapGet("/pages/{slug?}", (string? slug) => slug ?? "index");
        app.MapGet("/headers", ([FromHeader(Name = "X-Api-Key")] string key) => key);
        app.MapGet("/items/{id:guid}", (Guid id) => id.ToString());
        app.MapGet("/async/{id:int}", async (int id, UserStore store) =>
        {
            await Task.Yield();
            return store.Find(id);
        });
        app.MapGet("/fail", string () => throw new InvalidOperationException("boom"));
        app.MapGet("/context", (WebContext ctx) => ctx.RoutePattern ?? "");
        app.MapGet("/text", () => Results.Text("<p>hi</p>", 200, "text/html"));
        app.MapPost("/echo", Echo);

        var admin = app.MapGroup("/admin");
        admin.Use(async (ctx, next) =>
        {
            if (ctx.Header("Authorization") != "Bearer secret")
            {
                ctx.WriteProblem(401, "a bearer token is required");
                return;
            }
            await next();
        });
        admin.MapGet("/stats", (UserStore store) => $"users={store.All().Count}");
        admin.MapGroup("/deep").MapGet("/{id:int}", (int id) => $"deep {id}");

        app.Start();
        return app;
    }

    private static User Echo(User user) => user;
}
