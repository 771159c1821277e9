using AotSuite.Processes.Manager;

namespace AotSuite.Processes.Tests;

public class BackoffTests
{
    [Test]
    [Arguments(0, 0)]
    [Arguments(1, 100)]
    [Arguments(2, 200)]
    [Arguments(3, 400)]
    [Arguments(8, 12800)]
    [Arguments(9, 15000)]
    [Arguments(1000, 15000)]
    [DisplayName("Failed start $failures waits $milliseconds ms")]
    public async Task Doubles_from_100_ms_up_to_15_s(int failures, int milliseconds)
    {
        await Assert.That(ManagedProcess.Backoff(failures)).IsEqualTo(TimeSpan.FromMilliseconds(milliseconds));
    }
}
