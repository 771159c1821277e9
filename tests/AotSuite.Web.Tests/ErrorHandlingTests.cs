namespace AotSuite.Web.Tests;

public sealed class ErrorHandlingTests
{
    [Test]
    public async Task A_handler_that_throws_is_a_500_problem_without_details()
    {
        await using var app = SampleApp.Create();
        var reply = await Http.GetAsync(app, "/fail");
        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Headers["Content-Type"]).IsEqualTo("application/problem+json");
        await Assert.That(reply.Body).DoesNotContain("boom");
        await Assert.That((await Http.GetAsync(app, "/")).Status).IsEqualTo(200);
    }

    [Test]
    public async Task In_development_the_500_carries_the_exception()
    {
        await using var app = SampleApp.Create(development: true);
        var reply = await Http.GetAsync(app, "/fail");
        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Body).Contains("boom");
        await Assert.That(reply.Body).Contains("System.InvalidOperationException");
    }
}
