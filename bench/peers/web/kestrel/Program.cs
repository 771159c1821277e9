// Peer for bench/peers/web-json.sh: GET /users/{id:int} as JSON through one middleware that sets X-Powered-By, on
// Kestrel with minimal APIs (CreateSlimBuilder, source-generated JSON), published NativeAOT.
//   KestrelWeb --urls http://127.0.0.1:PORT
using System.Text.Json.Serialization;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonSerializerContext.Default));

var app = builder.Build();
app.Use((context, next) =>
{
    context.Response.Headers["X-Powered-By"] = "Kestrel";
    return next(context);
});
app.MapGet("/users/{id:int}", (int id) => new User(id, "Ada Lovelace", true));
app.Run();

internal sealed record User(int Id, string Name, bool Active);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(User))]
internal sealed partial class AppJsonSerializerContext : JsonSerializerContext;
