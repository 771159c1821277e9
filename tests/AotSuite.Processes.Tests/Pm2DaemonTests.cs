using AotSuite.Native;
using AotSuite.Processes.Manager;

namespace AotSuite.Processes.Tests;

/// <summary>The daemon in this process, driven through its socket as the CLI drives it.</summary>
public class Pm2DaemonTests
{
    [Test]
    public async Task Starts_restarts_a_killed_process_stops_and_shuts_down_on_kill()
    {
        var folder = Eventually.TempFolder();
        var home = new Pm2Home(Path.Combine(folder, "pm2"));
        var daemon = Pm2Daemon.RunAsync(home, static _ => { }, CancellationToken.None);
        var client = new Pm2Client(home);
        try
        {
            await Assert.That(await Eventually.True(() => File.Exists(home.Socket))).IsTrue();
            var app = new AppSpec { Name = "sleeper", Script = "sleep 600", Cwd = folder, Instances = 2 };
            var started = await client.SendAsync(new DaemonRequest { Command = "start", Apps = [app] }, daemonCommand: null);
            await Assert.That(started!.Processes.Select(static p => p.Instance)).IsEquivalentTo([0, 1]);
            var victim = started.Processes[0].Pid;
            var env = File.ReadAllText($"/proc/{started.Processes[1].Pid}/environ").Split('\0');
            await Assert.That(env).Contains("INSTANCE_ID=1");

            Libc.Kill(victim, Libc.SIGKILL);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            ProcessInfo? replaced = null;
            while (replaced is null && clock.Elapsed < Eventually.Patience)
            {
                var list = await client.SendAsync(new DaemonRequest { Command = "list" }, daemonCommand: null);
                replaced = list!.Processes.FirstOrDefault(p => p.Id == 0 && p.Pid != victim && p.Pid > 0 && p.Status == ProcessStatus.Online);
                await Task.Delay(10);
            }
            await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(1));
            await Assert.That(replaced!.Restarts).IsEqualTo(1);

            var stopped = await client.SendAsync(new DaemonRequest { Command = "stop", Target = "sleeper" }, daemonCommand: null);
            await Assert.That(stopped!.Processes.All(static p => p.Status == ProcessStatus.Stopped)).IsTrue();
            await Assert.That(ProcStats.IsAlive(replaced.Pid)).IsFalse();
            var unknown = await client.SendAsync(new DaemonRequest { Command = "restart", Target = "ghost" }, daemonCommand: null);
            await Assert.That(unknown!.Ok).IsFalse();
            await Assert.That(unknown.Error).IsEqualTo("no process 'ghost' (minipm2 list shows them)");
        }
        finally
        {
            await client.SendAsync(new DaemonRequest { Command = "kill" }, daemonCommand: null);
            await daemon.WaitAsync(Eventually.Patience);
            Directory.Delete(folder, true);
        }
        await Assert.That(File.Exists(home.Socket)).IsFalse();
    }
}
