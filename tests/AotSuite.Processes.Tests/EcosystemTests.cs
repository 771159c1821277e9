using AotSuite.Processes.Manager;

namespace AotSuite.Processes.Tests;

public class EcosystemTests
{
    private static async Task<string> ErrorFor(string json)
    {
        var folder = Eventually.TempFolder();
        var path = Path.Combine(folder, "ecosystem.json");
        File.WriteAllText(path, json);
        try
        {
            Ecosystem.Load(path);
            return "";
        }
        catch (EcosystemException e)
        {
            return e.Message.Replace(path, "ecosystem.json");
        }
        finally
        {
            await Task.Yield();
            Directory.Delete(folder, true);
        }
    }

    [Test]
    public async Task Reads_pm2_field_names_and_resolves_cwd_next_to_the_file()
    {
        var folder = Eventually.TempFolder();
        var path = Path.Combine(folder, "ecosystem.json");
        File.WriteAllText(path, """
            { "apps": [ { "name": "api", "script": "node server.js", "args": "--port 3000", "cwd": "app", "instances": 2,
                          "env": { "NODE_ENV": "production" }, "max_restarts": 5, "min_uptime": 2000, "restart_delay": 100,
                          "kill_timeout": 3000, "watch": true },
                        { "script": "./worker.sh" } ] }
            """);
        var apps = Ecosystem.Load(path);
        await Assert.That(apps.Count).IsEqualTo(2);
        var api = apps[0];
        await Assert.That(api.CommandLine).IsEqualTo("node server.js --port 3000");
        await Assert.That(api.Cwd).IsEqualTo(Path.Combine(folder, "app"));
        await Assert.That(api.Instances).IsEqualTo(2);
        await Assert.That(api.Env["NODE_ENV"]).IsEqualTo("production");
        await Assert.That((api.MaxRestarts, api.MinUptimeMs, api.RestartDelayMs, api.KillTimeoutMs, api.Watch)).IsEqualTo((5, 2000, 100, 3000, true));
        await Assert.That(apps[1].Name).IsEqualTo("worker");
        await Assert.That(apps[1].Cwd).IsEqualTo(folder);
        Directory.Delete(folder, true);
    }

    [Test]
    public async Task Names_the_file_and_field_of_a_value_out_of_range()
    {
        await Assert.That(await ErrorFor("""{ "apps": [ { "script": "a" }, { "script": "b", "instances": 0 } ] }"""))
            .IsEqualTo("ecosystem.json: apps[1].instances: 0 is out of range (1..256)");
    }

    [Test]
    public async Task Names_the_file_and_field_of_a_missing_script()
    {
        await Assert.That(await ErrorFor("""{ "apps": [ { "name": "x" } ] }""")).IsEqualTo("ecosystem.json: apps[0].script: required (the command to run)");
    }

    [Test]
    public async Task Refuses_two_apps_with_one_name()
    {
        await Assert.That(await ErrorFor("""{ "apps": [ { "name": "x", "script": "a" }, { "name": "x", "script": "b" } ] }"""))
            .IsEqualTo("ecosystem.json: apps[1].name: 'x' is used by another app in this file");
    }

    [Test]
    public async Task Names_the_file_line_and_json_path_of_a_value_of_the_wrong_type()
    {
        var message = await ErrorFor("{ \"apps\": [\n  { \"script\": \"a\", \"max_restarts\": \"many\" } ] }");
        await Assert.That(message).StartsWith("ecosystem.json:2:");
        await Assert.That(message).Contains("$.apps[0].max_restarts");
    }

    [Test]
    public async Task Refuses_an_empty_app_list()
    {
        await Assert.That(await ErrorFor("""{ "apps": [] }""")).IsEqualTo("ecosystem.json: apps: expected at least one app");
    }

    [Test]
    [Arguments("node server.js", "server")]
    [Arguments("./bin/api --port 80", "api")]
    [Arguments("sleep 600", "sleep")]
    [DisplayName("The default name of '$script' is '$name'")]
    public async Task Names_an_app_after_its_script(string script, string name)
    {
        await Assert.That(Ecosystem.DefaultName(script)).IsEqualTo(name);
    }
}
