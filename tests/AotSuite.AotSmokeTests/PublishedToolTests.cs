using System.Text.RegularExpressions;

namespace AotSuite.AotSmokeTests;

/// <summary>What every published tool must be: one self-contained native file, with help and version, and a clean publish.</summary>
public partial class PublishedToolTests
{
    // What a NativeAOT binary may need from the system: the vDSO, glibc's libc and libm, and the loader. Older glibc
    // (< 2.34) splits libc into libpthread, libdl and librt. Anything else (libaotsuite_native.so, libssl, libz, libstdc++)
    // would have to be installed next to the binary, so it is not a single file any more.
    [GeneratedRegex(@"^(linux-vdso\.so\.1|linux-gate\.so\.1|libc\.so\.6|libm\.so\.6|ld-linux[-\w.]*\.so\.\d+|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1)$")]
    private static partial Regex AllowedLibrary();

    // The same pattern build.cs fails a publish on: IL, trim and AOT analysis warnings (IL2026, IL3050, ...), or any other coded warning.
    [GeneratedRegex(@"warning [A-Z]+\d+")]
    private static partial Regex CodedWarning();

    public static IEnumerable<string> Tools() => ToolBinary.Names();

    [Test]
    [MethodDataSource(nameof(Tools))]
    [DisplayName("The publish folder of $tool holds only the binary")]
    public async Task Publish_folder_holds_only_the_binary(string tool)
    {
        var binary = ToolBinary.PathOf(tool);
        var entries = Directory.GetFileSystemEntries(ToolBinary.PublishDirectory(tool)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        await Assert.That(string.Join(", ", entries)).IsEqualTo(Path.GetFileName(binary));
    }

    [Test]
    [MethodDataSource(nameof(Tools))]
    [DisplayName("$tool --help exits 0 and prints Usage:")]
    public async Task Help_exits_0_and_prints_usage(string tool)
    {
        using var temp = new TempDirectory();
        var result = await ToolRun.RunAsync(ToolBinary.PathOf(tool), ["--help"], temp.Path);
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.Stdout).Contains("Usage:");
    }

    [Test]
    [MethodDataSource(nameof(Tools))]
    [DisplayName("$tool --version exits 0 and prints the VersionPrefix")]
    public async Task Version_exits_0_and_prints_the_version_prefix(string tool)
    {
        using var temp = new TempDirectory();
        var result = await ToolRun.RunAsync(ToolBinary.PathOf(tool), ["--version"], temp.Path);
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.Stdout).Contains(ToolBinary.Version());
    }

    [Test]
    [MethodDataSource(nameof(Tools))]
    [DisplayName("$tool links no shared library beyond libc, libm and the loader")]
    public async Task Links_no_shared_library_beyond_libc_libm_and_the_loader(string tool)
    {
        using var temp = new TempDirectory();
        var result = await ToolRun.RunAsync("ldd", [ToolBinary.PathOf(tool)], temp.Path);
        var output = result.Stdout + result.Stderr;
        // A fully static binary is fine too: ldd then says so and exits 1.
        if (output.Contains("not a dynamic executable", StringComparison.Ordinal) || output.Contains("statically linked", StringComparison.Ordinal)) return;
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var libraries = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(static line => Path.GetFileName(line.Split(' ')[0]))
            .ToList();
        var unexpected = libraries.Where(static name => !AllowedLibrary().IsMatch(name)).ToList();
        await Assert.That(unexpected).IsEmpty().Because($"ldd printed:\n{result.Stdout}");
        await Assert.That(libraries).Contains("libc.so.6");
    }

    [Test]
    [MethodDataSource(nameof(Tools))]
    [DisplayName("The publish log of $tool has no coded warning")]
    public async Task Publish_log_has_no_coded_warning(string tool)
    {
        var log = ToolBinary.PublishLog(tool);
        await Assert.That(File.Exists(log)).IsTrue().Because($"{log} is written by dotnet run build.cs -- publish");
        var warnings = File.ReadAllLines(log).Where(static line => CodedWarning().IsMatch(line)).ToList();
        await Assert.That(warnings).IsEmpty();
    }
}
