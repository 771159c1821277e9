using System.Diagnostics;

namespace AotSuite.AotSmokeTests;

/// <summary>The dotnet CLI as a new user runs it: English messages, no telemetry or banner, output captured.</summary>
internal static class Dotnet
{
    public static async Task<ToolResult> RunAsync(string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en"; // the assertions read English messages
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}
