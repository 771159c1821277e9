using AotSuite.Native;
using AotSuite.Processes.Manager;

namespace AotSuite.Processes.Tests;

public class ChildProcessTests
{
    [Test]
    public async Task Reports_the_exit_code_of_a_shell_command()
    {
        var child = ChildProcess.Start(ChildStartInfo.Shell("exit 7"));
        await Assert.That(await child.Exited.WaitAsync(Eventually.Patience)).IsEqualTo(7);
    }

    [Test]
    public async Task Reports_128_plus_the_signal_that_killed_it()
    {
        var child = ChildProcess.Start(ChildStartInfo.Shell("sleep 600"));
        child.Signal(Libc.SIGKILL);
        await Assert.That(await child.Exited.WaitAsync(Eventually.Patience)).IsEqualTo(128 + Libc.SIGKILL);
    }

    [Test]
    public async Task Execs_a_simple_command_so_the_pid_is_the_programs_own_and_leads_its_group()
    {
        var child = ChildProcess.Start(ChildStartInfo.Shell("sleep 600"));
        try
        {
            await Assert.That(await Eventually.True(() => File.ReadAllText($"/proc/{child.Pid}/comm").Trim() == "sleep")).IsTrue();
            await Assert.That(Libc.GetProcessGroup(child.Pid)).IsEqualTo(child.Pid);
        }
        finally
        {
            await child.StopAsync(TimeSpan.FromSeconds(5));
        }
    }

    [Test]
    public async Task Starts_the_child_with_no_signal_ignored_or_blocked()
    {
        // .NET ignores SIGPIPE, and an ignored signal survives exec: a child must not inherit that.
        var child = ChildProcess.Start(ChildStartInfo.Shell("sleep 600"));
        try
        {
            await Assert.That(await Eventually.True(() => File.ReadAllText($"/proc/{child.Pid}/comm").Trim() == "sleep")).IsTrue();
            var status = File.ReadAllLines($"/proc/{child.Pid}/status");
            // Signals 1..31; glibc keeps 32 and 33 for itself and will not let posix_spawn reset them.
            static ulong Standard(string[] status, string field) =>
                ulong.Parse(status.Single(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim(), System.Globalization.NumberStyles.HexNumber) & 0x7FFF_FFFF;
            await Assert.That(Standard(status, "SigIgn:")).IsEqualTo(0UL);
            await Assert.That(Standard(status, "SigBlk:")).IsEqualTo(0UL);
        }
        finally
        {
            await child.StopAsync(TimeSpan.FromSeconds(5));
        }
    }

    [Test]
    public async Task Stop_reaches_every_process_of_the_group_including_grandchildren()
    {
        var folder = Eventually.TempFolder();
        var pidFile = Path.Combine(folder, "grandchild");
        var child = ChildProcess.Start(ChildStartInfo.Shell($"sleep 600 & echo $! > {pidFile}; wait"));
        await Assert.That(await Eventually.True(() => File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0)).IsTrue();
        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim());
        await child.StopAsync(TimeSpan.FromSeconds(5));
        await Assert.That(await Eventually.True(() => !ProcStats.IsAlive(grandchild))).IsTrue();
        await Assert.That(child.GroupAlive).IsFalse();
        Directory.Delete(folder, true);
    }

    [Test]
    public async Task Stop_falls_back_to_SIGKILL_after_the_grace_period()
    {
        var child = ChildProcess.Start(ChildStartInfo.Shell("trap '' TERM; sleep 600 & wait"));
        await Task.Delay(200); // let the shell install its trap
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var code = await child.StopAsync(TimeSpan.FromMilliseconds(300));
        await Assert.That(clock.Elapsed).IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
        await Assert.That(code).IsEqualTo(128 + Libc.SIGKILL);
        await Assert.That(child.GroupAlive).IsFalse();
    }

    [Test]
    public async Task Writes_its_output_into_the_descriptors_it_was_given()
    {
        var folder = Eventually.TempFolder();
        var log = Path.Combine(folder, "out.log");
        var fd = LogFiles.OpenAppend(log);
        var child = ChildProcess.Start(ChildStartInfo.Shell("echo one; echo two >&2") with { StdoutFd = fd, StderrFd = fd });
        Libc.Close(fd);
        await child.Exited.WaitAsync(Eventually.Patience);
        await Assert.That(File.ReadAllLines(log)).IsEquivalentTo(["one", "two"]);
        Directory.Delete(folder, true);
    }

    [Test]
    public async Task Passes_the_environment_and_working_folder()
    {
        var folder = Eventually.TempFolder();
        var log = Path.Combine(folder, "out.log");
        var fd = LogFiles.OpenAppend(log);
        var child = ChildProcess.Start(ChildStartInfo.Shell("echo \"$GREETING $(pwd)\"") with
        {
            StdoutFd = fd,
            WorkingDirectory = folder,
            Environment = new Dictionary<string, string> { ["GREETING"] = "hello" },
        });
        Libc.Close(fd);
        await child.Exited.WaitAsync(Eventually.Patience);
        await Assert.That(File.ReadAllText(log).Trim()).IsEqualTo($"hello {folder}");
        Directory.Delete(folder, true);
    }

    [Test]
    public async Task Adopts_a_process_it_did_not_start_and_sees_it_end()
    {
        var child = ChildProcess.Start(ChildStartInfo.Shell("sleep 600"));
        var adopted = ChildProcess.Adopt(child.Pid, child.StartedAt);
        await Assert.That(adopted.HasExited).IsFalse();
        child.Signal(Libc.SIGKILL);
        await child.Exited.WaitAsync(Eventually.Patience); // reaped by its parent (us), so the adopted view sees it go
        await Assert.That(await adopted.Exited.WaitAsync(Eventually.Patience)).IsEqualTo(-1);
    }
}
