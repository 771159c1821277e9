// Peer for bench/peers/http-plaintext.sh: GET /plaintext and GET /json on Kestrel.
//   KestrelHello --urls http://127.0.0.1:PORT
using System.Text.Json.Serialization;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonSerializerContext.Default));

var app = builder.Build();
app.MapGet("/plaintext", () => "Hello, World!");
app.MapGet("/json", () => new HelloMessage("Hello, World!"));
app.Run();

internal sealed record HelloMessage(string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HelloMessage))]
internal sealed partial class AppJsonSerializerContext : JsonSerializerContext;
