using System.Net;
using System.Net.Sockets;
using AotSuite.Native;

namespace AotSuite.Processes.Tests;

public class ProcStatsTests
{
    [Test]
    public async Task Reads_this_process_start_time_cpu_and_memory()
    {
        var pid = Environment.ProcessId;
        await Assert.That(ProcStats.IsAlive(pid)).IsTrue();
        await Assert.That(ProcStats.StartTicks(pid)).IsNotNull();
        var started = ProcStats.StartTime(pid)!.Value;
        await Assert.That(DateTimeOffset.UtcNow - started).IsLessThan(TimeSpan.FromHours(1));
        await Assert.That(ProcStats.CpuTime(pid)!.Value).IsGreaterThan(TimeSpan.Zero);
        await Assert.That(ProcStats.ResidentBytes(pid)!.Value).IsGreaterThan(1024L * 1024);
    }

    [Test]
    public async Task A_missing_pid_is_not_alive()
    {
        await Assert.That(ProcStats.IsAlive(int.MaxValue - 1)).IsFalse();
        await Assert.That(ProcStats.StartTicks(int.MaxValue - 1)).IsNull();
    }

    [Test]
    public async Task Sees_a_listening_socket_in_a_process_group()
    {
        var group = Libc.GetProcessGroup(0);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        await Assert.That(ProcStats.GroupIsListening(group)).IsTrue();
        var child = ChildProcess.Start(ChildStartInfo.Shell("sleep 600"));
        try
        {
            await Assert.That(ProcStats.GroupIsListening(child.Pid)).IsFalse();
            await Assert.That(ProcStats.GroupMembers(child.Pid)).Contains(child.Pid);
        }
        finally
        {
            await child.StopAsync(TimeSpan.FromSeconds(5));
        }
    }
}
