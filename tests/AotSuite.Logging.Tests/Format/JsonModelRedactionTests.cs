using System.Text.Json;
using AotSuite.Json;
using Microsoft.Extensions.Logging;

namespace AotSuite.Logging.Tests.Format;

[JsonModel]
public sealed partial record Profile(string Email, string Token);

[JsonModel]
public sealed partial record Account(string Name, string Password, Profile Profile, List<Profile> Others, Dictionary<string, string> Headers);

internal sealed partial class AccountLog(Logger logger)
{
    private readonly Logger logger = logger;

    [Log(LogLevel.Information, "Account saved")]
    public partial void Saved(Account user);

    [Log(LogLevel.Information, "Request {Method}")]
    public partial void Request(string method, HttpRequestLog req, Account? user);
}

public sealed class JsonModelRedactionTests
{
    private static readonly Account Sample = new("ann", "hunter2", new("ann@example.com", "t-1"),
        [new("b@example.com", "t-2"), new("c@example.com", "t-3")],
        new() { ["authorization"] = "Bearer abc", ["x-api-key"] = "k", ["accept"] = "*/*" });

    [Test]
    public async Task Censors_a_path_inside_a_json_model_field()
    {
        using var log = new TestLogger(redact: ["user.password", "user.profile.token"]);
        new AccountLog(log.Logger).Saved(Sample);
        var user = log.Single().GetProperty("user");
        await Assert.That(user.GetProperty("name").GetString()).IsEqualTo("ann");
        await Assert.That(user.GetProperty("password").GetString()).IsEqualTo("[Redacted]");
        await Assert.That(user.GetProperty("profile").GetProperty("token").GetString()).IsEqualTo("[Redacted]");
        await Assert.That(user.GetProperty("profile").GetProperty("email").GetString()).IsEqualTo("ann@example.com");
        await Assert.That(user.GetProperty("others")[0].GetProperty("token").GetString()).IsEqualTo("t-2");
    }

    [Test]
    public async Task Censors_array_elements_by_wildcard_and_by_index()
    {
        using var log = new TestLogger(redact: ["user.others.*.token", "user.others[1].email"]);
        new AccountLog(log.Logger).Saved(Sample);
        var others = log.Single().GetProperty("user").GetProperty("others");
        await Assert.That(others[0].GetProperty("token").GetString()).IsEqualTo("[Redacted]");
        await Assert.That(others[1].GetProperty("token").GetString()).IsEqualTo("[Redacted]");
        await Assert.That(others[0].GetProperty("email").GetString()).IsEqualTo("b@example.com");
        await Assert.That(others[1].GetProperty("email").GetString()).IsEqualTo("[Redacted]");
    }

    [Test]
    public async Task Censors_whole_objects_dictionary_entries_and_wildcard_keys()
    {
        using var log = new TestLogger(redact: ["user.profile", "user.headers.authorization", "user.headers[\"x-api-key\"]", "*.password"]);
        new AccountLog(log.Logger).Saved(Sample);
        var user = log.Single().GetProperty("user");
        await Assert.That(user.GetProperty("profile").GetString()).IsEqualTo("[Redacted]");
        await Assert.That(user.GetProperty("password").GetString()).IsEqualTo("[Redacted]");
        await Assert.That(user.GetProperty("headers").GetProperty("authorization").GetString()).IsEqualTo("[Redacted]");
        await Assert.That(user.GetProperty("headers").GetProperty("x-api-key").GetString()).IsEqualTo("[Redacted]");
        await Assert.That(user.GetProperty("headers").GetProperty("accept").GetString()).IsEqualTo("*/*");
        await Assert.That(user.GetProperty("others").GetArrayLength()).IsEqualTo(2);
    }

    [Test]
    public async Task Writes_the_model_unchanged_when_no_path_goes_inside_it()
    {
        using var plain = new TestLogger();
        using var redacted = new TestLogger(redact: ["req.headers.authorization", "other.password"]);
        new AccountLog(plain.Logger).Saved(Sample);
        new AccountLog(redacted.Logger).Saved(Sample);
        await Assert.That(redacted.Lines[0]).IsEqualTo(plain.Lines[0]);
        await Assert.That(plain.Single().GetProperty("user").GetProperty("password").GetString()).IsEqualTo("hunter2");
    }

    [Test]
    public async Task Censors_request_headers_and_a_model_in_the_same_line()
    {
        using var log = new TestLogger(redact: ["req.headers.authorization", "user.password"]);
        new AccountLog(log.Logger).Request("POST", new HttpRequestLog("POST", "/login", [new("Authorization", "Bearer abc")]), Sample);
        var line = log.Single();
        await Assert.That(line.GetProperty("req").GetProperty("headers").GetProperty("authorization").GetString()).IsEqualTo("[Redacted]");
        await Assert.That(line.GetProperty("user").GetProperty("password").GetString()).IsEqualTo("[Redacted]");
        await Assert.That(line.GetProperty("method").GetString()).IsEqualTo("POST");
        await Assert.That(line.GetProperty("user").GetProperty("profile").GetProperty("token").GetString()).IsEqualTo("t-1");
    }

    [Test]
    public async Task Writes_a_null_model_as_null_under_a_redaction_path()
    {
        using var log = new TestLogger(redact: ["user.password"]);
        new AccountLog(log.Logger).Request("GET", new HttpRequestLog("GET", "/", []), null);
        await Assert.That(log.Single().GetProperty("user").ValueKind).IsEqualTo(JsonValueKind.Null);
    }
}
