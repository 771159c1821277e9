using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// The download path, as a new user meets it: artifacts/release (build.cs release; build.cs test makes it after
/// publishing) holds one archive per tool, SHA256SUMS and install.sh; install.sh, run by plain sh with a bare PATH and a
/// fresh HOME, checks every archive, installs the binaries without root, and each answers --version with the one
/// version of Directory.Build.props. A damaged archive stops it before anything is installed.
/// </summary>
[NotInParallel]
public class ReleaseInstallTests
{
    private static string Release => Path.Combine(ToolBinary.Artifacts, "release");

    private static string Archive(string tool) => $"{tool}-{ToolBinary.Version()}-linux-x64.tar.gz";

    [Test]
    public async Task The_release_folder_has_one_archive_per_tool_listed_in_SHA256SUMS()
    {
        var sums = (await File.ReadAllLinesAsync(Path.Combine(Release, "SHA256SUMS"))).Select(static l => l.Split("  ")).ToList();
        await Assert.That(sums.Select(static s => s[1])).IsEquivalentTo(ToolBinary.Names().Select(Archive));
        foreach (var line in sums)
        {
            await Assert.That(line[0]).Matches("^[0-9a-f]{64}$");
            await Assert.That(File.Exists(Path.Combine(Release, line[1]))).IsTrue();
        }
        await Assert.That(File.Exists(Path.Combine(Release, "install.sh"))).IsTrue();
    }

    [Test]
    public async Task An_archive_holds_the_executable_binary_its_licence_and_its_readme()
    {
        var folder = $"task-{ToolBinary.Version()}-linux-x64";
        await using var file = File.OpenRead(Path.Combine(Release, Archive("task")));
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        var entries = new Dictionary<string, UnixFileMode>();
        while (await tar.GetNextEntryAsync() is { } entry) entries[entry.Name] = entry.Mode;
        await Assert.That(entries.Keys).IsEquivalentTo(new[] { folder + "/", $"{folder}/task", $"{folder}/LICENSE", $"{folder}/README.md" });
        await Assert.That(entries[$"{folder}/task"].HasFlag(UnixFileMode.UserExecute | UnixFileMode.OtherExecute)).IsTrue();
    }

    [Test]
    public async Task Installs_every_tool_into_a_prefix_and_each_prints_the_version()
    {
        using var temp = new TempDirectory();
        var prefix = temp.Combine("prefix");
        var install = await ShAsync(temp, Path.Combine(Release, "install.sh"), "--prefix", prefix);
        await Assert.That(install.ExitCode).IsEqualTo(0).Because(install.ToString());

        foreach (var tool in ToolBinary.Names())
        {
            await Assert.That(install.Stdout).Contains($"installed {tool} {ToolBinary.Version()} -> {prefix}/bin/{tool}");
            var version = await RunCleanAsync(temp, Path.Combine(prefix, "bin", tool), "--version");
            await Assert.That(version.ExitCode).IsEqualTo(0).Because($"{tool} --version: {version}");
            await Assert.That(version.Stdout.Trim()).IsEqualTo(ToolBinary.Version()).Because($"{tool} --version");
        }
    }

    [Test]
    public async Task Installs_into_home_local_bin_by_default_and_says_when_that_is_not_on_the_path()
    {
        using var temp = new TempDirectory();
        var install = await ShAsync(temp, Path.Combine(Release, "install.sh"), "task");
        await Assert.That(install.ExitCode).IsEqualTo(0).Because(install.ToString());
        var binary = Path.Combine(temp.Path, "home", ".local", "bin", "task");
        await Assert.That(install.Stdout).Contains($"{Path.GetDirectoryName(binary)} is not on your PATH");
        var version = await RunCleanAsync(temp, binary, "--version");
        await Assert.That(version.Stdout.Trim()).IsEqualTo(ToolBinary.Version());
        await Assert.That(Directory.GetFiles(Path.GetDirectoryName(binary)!).Length).IsEqualTo(1);
    }

    [Test]
    public async Task A_tampered_archive_fails_the_install_with_a_clear_message_and_installs_nothing()
    {
        using var temp = new TempDirectory();
        var copy = temp.Combine("release");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Release)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var victim = Path.Combine(copy, Archive("watcher"));
        var bytes = await File.ReadAllBytesAsync(victim);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(victim, bytes);

        var prefix = temp.Combine("prefix");
        var install = await ShAsync(temp, Path.Combine(copy, "install.sh"), "--prefix", prefix);
        await Assert.That(install.ExitCode).IsEqualTo(1);
        await Assert.That(install.Stderr).StartsWith($"install.sh: error: checksum mismatch for {Archive("watcher")}: SHA256SUMS says ");
        await Assert.That(install.Stderr).Contains("nothing was installed");
        await Assert.That(Directory.Exists(Path.Combine(prefix, "bin"))).IsFalse();
    }

    [Test]
    public async Task Asking_for_a_tool_there_is_no_archive_for_names_the_ones_there_are()
    {
        using var temp = new TempDirectory();
        var install = await ShAsync(temp, Path.Combine(Release, "install.sh"), "--prefix", temp.Combine("prefix"), "nosuchtool");
        await Assert.That(install.ExitCode).IsEqualTo(1);
        await Assert.That(install.Stderr).Contains("install.sh: error: no archive for 'nosuchtool' in SHA256SUMS (it lists: ");
        await Assert.That(install.Stderr).Contains("task");
    }

    private static Task<ToolResult> ShAsync(TempDirectory temp, params string[] arguments) => RunCleanAsync(temp, "/bin/sh", arguments);

    /// <summary>Runs with nothing from the test's environment: PATH is the system's bare minimum and HOME is empty and new.</summary>
    private static async Task<ToolResult> RunCleanAsync(TempDirectory temp, string file, params string[] arguments)
    {
        var home = temp.Combine("home");
        Directory.CreateDirectory(home);
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = home };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/bin:/bin";
        info.Environment["HOME"] = home;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}
