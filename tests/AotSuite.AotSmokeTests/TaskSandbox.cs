using System.Text.Json;

namespace AotSuite.AotSmokeTests;

/// <summary>The published <c>task</c> binary pointed at a store in a temp folder of its own (via TASK_FILE).</summary>
internal sealed class TaskSandbox : IDisposable
{
    private readonly TempDirectory _temp = new();

    public string Binary { get; } = ToolBinary.PathOf("task");

    public string Home => _temp.Path;

    public string StorePath => _temp.Combine("tasks.json");

    public string BackupPath => StorePath + ".bak";

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public TaskSandbox() => Environment["TASK_FILE"] = StorePath;

    public Task<ToolResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    /// <param name="environment">Extra variables on top of <see cref="Environment"/>; null removes one.</param>
    public Task<ToolResult> RunAsync(string[] arguments, IReadOnlyDictionary<string, string?>? environment, TimeSpan? timeout = null)
    {
        var merged = new Dictionary<string, string?>(Environment, StringComparer.Ordinal);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) merged[name] = value;
        return ToolRun.RunAsync(Binary, arguments, Home, merged, timeout);
    }

    /// <summary>Runs a command that is only setup for the test; any failure is a broken precondition, not the assertion.</summary>
    public async Task<ToolResult> MustRunAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        return result.ExitCode == 0
            ? result
            : throw new InvalidOperationException($"setup step 'task {string.Join(' ', arguments)}' failed: {result}");
    }

    /// <summary><c>task list --json</c> (plus <paramref name="filters"/>), parsed.</summary>
    public async Task<JsonElement> ListJsonAsync(params string[] filters)
    {
        var result = await MustRunAsync(["list", .. filters, "--json"]);
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    /// <summary>How <see cref="RunAsync(string[])"/> would start the binary, for tests that must own the process (to kill it).</summary>
    public System.Diagnostics.ProcessStartInfo StartInfo(params string[] arguments) =>
        ToolRun.StartInfo(Binary, arguments, Home, Environment);

    public void Dispose() => _temp.Dispose();
}
