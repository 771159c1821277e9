using AotSuite.Json;

namespace AotSuite.Processes.Manager;

/// <summary>Reads and checks an ecosystem file; every error names the file and the field (<c>ecosystem.json: apps[1].instances: ...</c>).</summary>
public static class Ecosystem
{
    public static IReadOnlyList<AppSpec> Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EcosystemException($"{path}: cannot read ({e.Message})");
        }
        EcosystemFile file;
        try
        {
            file = JsonModel.Deserialize<EcosystemFile>(bytes, path);
        }
        catch (JsonModelException e)
        {
            throw new EcosystemException(e.Message);
        }
        if (file.Apps.Count == 0) throw new EcosystemException($"{path}: apps: expected at least one app");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Apps.Count; i++)
        {
            var app = file.Apps[i];
            string Field(string name) => $"{path}: apps[{i}].{name}";
            if (string.IsNullOrWhiteSpace(app.Script)) throw new EcosystemException($"{Field("script")}: required (the command to run)");
            if (string.IsNullOrWhiteSpace(app.Name)) app.Name = DefaultName(app.Script);
            if (!names.Add(app.Name)) throw new EcosystemException($"{Field("name")}: '{app.Name}' is used by another app in this file");
            Validate(app, Field);
            app.Cwd = Path.GetFullPath(app.Cwd ?? ".", folder);
        }
        return file.Apps;
    }

    /// <summary>Range checks shared by ecosystem files and command-line options; <paramref name="field"/> names the culprit.</summary>
    public static void Validate(AppSpec app, Func<string, string> field)
    {
        if (app.Instances is < 1 or > 256) throw new EcosystemException($"{field("instances")}: {app.Instances} is out of range (1..256)");
        if (app.MaxRestarts < 0) throw new EcosystemException($"{field("max_restarts")}: must be 0 or more, not {app.MaxRestarts}");
        if (app.MinUptimeMs < 0) throw new EcosystemException($"{field("min_uptime")}: must be 0 or more, not {app.MinUptimeMs}");
        if (app.RestartDelayMs < 0) throw new EcosystemException($"{field("restart_delay")}: must be 0 or more, not {app.RestartDelayMs}");
        if (app.KillTimeoutMs < 0) throw new EcosystemException($"{field("kill_timeout")}: must be 0 or more, not {app.KillTimeoutMs}");
        if (app.Name.Length > 64 || app.Name.Any(static c => char.IsWhiteSpace(c) || c == '/'))
        {
            throw new EcosystemException($"{field("name")}: '{app.Name}' must be 1-64 characters without spaces or '/'");
        }
    }

    /// <summary>PM2's default: the script's file name without extension (<c>node server.js</c> → server).</summary>
    public static string DefaultName(string script)
    {
        var words = script.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var pick = words.LastOrDefault(static w => w.Contains('.') || w.Contains('/')) ?? words.FirstOrDefault() ?? "app";
        var name = Path.GetFileNameWithoutExtension(pick.TrimEnd('/'));
        return name.Length == 0 ? "app" : name;
    }
}

public sealed class EcosystemException(string message) : Exception(message);
