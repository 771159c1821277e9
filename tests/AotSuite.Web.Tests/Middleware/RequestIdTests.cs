using System.Text;

namespace AotSuite.Web.Tests.Middleware;

public sealed class RequestIdTests
{
    [Test]
    public async Task Gives_a_request_without_an_id_32_hex_digits_and_echoes_them()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.GetAsync(app, "/id");
        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Body).Matches("^[0-9a-f]{32}$");
        await Assert.That(reply.Headers["X-Request-Id"]).IsEqualTo(reply.Body);
    }

    [Test]
    public async Task Gives_each_request_its_own_id()
    {
        await using var app = MiddlewareApp.Create();
        var ids = new HashSet<string>();
        for (var i = 0; i < 20; i++) ids.Add((await Http.GetAsync(app, "/id")).Body);
        await Assert.That(ids.Count).IsEqualTo(20);
    }

    [Test]
    public async Task Takes_a_well_formed_incoming_id()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.GetAsync(app, "/id/async", "X-Request-Id: 0f8fad5b-d9cb-469f-a165-70867728950e");
        await Assert.That(reply.Body).IsEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
        await Assert.That(reply.Headers["X-Request-Id"]).IsEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
    }

    [Test]
    [Arguments("two words")]
    [Arguments("semi;colon")]
    [Arguments("quote\"d")]
    [Arguments("é")]
    [Arguments("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [DisplayName("Replaces the malformed incoming id '$id'")]
    public async Task Replaces_a_malformed_incoming_id(string id)
    {
        await Assert.That(RequestId.IsWellFormed(Encoding.UTF8.GetBytes(id))).IsFalse();
        await using var app = MiddlewareApp.Create();
        var reply = await Http.GetAsync(app, "/id", "X-Request-Id: " + id);
        await Assert.That(reply.Body).Matches("^[0-9a-f]{32}$");
        await Assert.That(reply.Headers["X-Request-Id"]).IsEqualTo(reply.Body);
    }

    [Test]
    public async Task Accepts_ids_of_1_to_128_safe_characters()
    {
        await Assert.That(RequestId.IsWellFormed("a"u8)).IsTrue();
        await Assert.That(RequestId.IsWellFormed(Encoding.ASCII.GetBytes(new string('x', 128)))).IsTrue();
        await Assert.That(RequestId.IsWellFormed(Encoding.ASCII.GetBytes(new string('x', 129)))).IsFalse();
        await Assert.That(RequestId.IsWellFormed("Root=1-67891233-abcdef012345678912345678;Parent=1"u8)).IsFalse();
        await Assert.That(RequestId.IsWellFormed("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"u8)).IsTrue();
        await Assert.That(RequestId.IsWellFormed("01ARZ3NDEKTSV4RRFFQ69G5FAV"u8)).IsTrue();
        await Assert.That(RequestId.IsWellFormed("dGVzdA==/+_.:@~"u8)).IsTrue();
        await Assert.That(RequestId.IsWellFormed(""u8)).IsFalse();
    }

    [Test]
    public async Task Keeps_the_id_on_a_500_answered_by_the_error_handler()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.GetAsync(app, "/fail", "X-Request-Id: trace-7");
        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Headers["Content-Type"]).IsEqualTo("application/problem+json");
        await Assert.That(reply.All("X-Request-Id")).IsEquivalentTo(["trace-7"]);
    }

    [Test]
    public async Task Keeps_the_id_when_an_inner_middleware_clears_the_response_to_answer_an_error()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.GetAsync(app, "/missing", "X-Request-Id: trace-8");
        await Assert.That(reply.Status).IsEqualTo(404);
        await Assert.That(reply.Headers["X-Request-Id"]).IsEqualTo("trace-8");
    }

    [Test]
    public async Task Reads_and_writes_the_header_it_is_given()
    {
        await using var app = MiddlewareApp.Create(requestIdHeader: "X-Correlation-Id");
        var reply = await Http.GetAsync(app, "/id", "X-Correlation-Id: abc", "X-Request-Id: ignored");
        await Assert.That(reply.Body).IsEqualTo("abc");
        await Assert.That(reply.Headers["X-Correlation-Id"]).IsEqualTo("abc");
        await Assert.That(reply.Headers.ContainsKey("X-Request-Id")).IsFalse();
    }

    [Test]
    public async Task Refuses_a_header_name_that_is_not_a_token()
    {
        await Assert.That(() => RequestId.Create("X Request Id")).Throws<ArgumentException>().WithMessageContaining("'X Request Id' is not a valid header field name");
    }

    [Test]
    public async Task Makes_an_id_without_allocating_once_warm()
    {
        var slot = new RequestIdSlot();
        for (var i = 0; i < 100; i++) slot.Generate();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            slot.Generate();
            if (!RequestId.IsWellFormed(slot.Bytes)) throw new InvalidOperationException("a generated id is not well formed");
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await Assert.That(allocated).IsEqualTo(0);
    }

    [Test]
    public async Task Is_seen_by_curl_as_a_response_header()
    {
        await using var app = MiddlewareApp.Create();
        var (exit, output) = await MiddlewareApp.CurlAsync(app, "-i", "-H", "X-Request-Id: from-curl", "{url}/id");
        await Assert.That(exit).IsEqualTo(0);
        await Assert.That(output).Contains("X-Request-Id: from-curl");
        await Assert.That(output).EndsWith("from-curl");
    }
}
