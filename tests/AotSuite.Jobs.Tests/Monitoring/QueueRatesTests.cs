using AotSuite.Jobs.Monitoring;
using Microsoft.Extensions.Time.Testing;

namespace AotSuite.Jobs.Tests.Monitoring;

public class QueueRatesTests
{
    private static QueueCount[] Counts(long completed, long dead) =>
        [new("emails", JobState.Completed, completed), new("emails", JobState.Dead, dead), new("emails", JobState.Waiting, 5)];

    [Test]
    public async Task Knows_no_rate_from_one_snapshot()
    {
        var rates = new QueueRates(time: new FakeTimeProvider());
        var rate = rates.Add(Counts(10, 1))["emails"];
        await Assert.That(rate.CompletedPerMinute).IsNull();
        await Assert.That(rate.FailedPerMinute).IsNull();
    }

    [Test]
    public async Task Divides_what_finished_since_the_oldest_snapshot_by_the_time_between()
    {
        var clock = new FakeTimeProvider();
        var rates = new QueueRates(time: clock);
        rates.Add(Counts(10, 1));
        clock.Advance(TimeSpan.FromSeconds(30));
        var rate = rates.Add(Counts(70, 2))["emails"];
        await Assert.That(rate.CompletedPerMinute).IsEqualTo(120);
        await Assert.That(rate.FailedPerMinute).IsEqualTo(2);
    }

    [Test]
    public async Task Slides_its_window_so_old_bursts_drop_out()
    {
        var clock = new FakeTimeProvider();
        var rates = new QueueRates(TimeSpan.FromMinutes(1), clock);
        rates.Add(Counts(0, 0));
        clock.Advance(TimeSpan.FromSeconds(30));
        rates.Add(Counts(600, 0));                    // a burst in the first half minute
        clock.Advance(TimeSpan.FromSeconds(40));
        rates.Add(Counts(600, 0));
        clock.Advance(TimeSpan.FromSeconds(40));      // 110 s in: the snapshot at 0 s is out, the one at 30 s spans the window
        var rate = rates.Add(Counts(600, 0))["emails"];
        await Assert.That(rate.CompletedPerMinute).IsEqualTo(0);
    }

    [Test]
    public async Task Never_reports_a_negative_rate_when_dead_jobs_are_retried()
    {
        var clock = new FakeTimeProvider();
        var rates = new QueueRates(time: clock);
        rates.Add(Counts(0, 5));
        clock.Advance(TimeSpan.FromSeconds(10));
        await Assert.That(rates.Add(Counts(0, 0))["emails"].FailedPerMinute).IsEqualTo(0);
    }
}
