namespace AotSuite.StaticFiles.Tests;

/// <summary>Nothing outside the root, and no dotfile, is ever sent: every traversal form, symlink escapes, dotfiles.</summary>
public class StaticFileSecurityTests
{
    [Test]
    [Arguments("/../secret.txt")]
    [Arguments("/docs/../../secret.txt")]
    [Arguments("/%2e%2e/secret.txt")]
    [Arguments("/%2E%2E/secret.txt")]
    [Arguments("/.%2e/secret.txt")]
    [Arguments("/%2e%2e%2fsecret.txt")]
    [Arguments("/docs/..%2f..%2fsecret.txt")]
    [Arguments("/..%5csecret.txt")]
    [Arguments("/docs%5c..%5c..%5csecret.txt")]
    [Arguments("/%c0%ae%c0%ae/secret.txt")]
    [Arguments("/hello.txt%00.png")]
    [Arguments("/%00/../secret.txt")]
    [DisplayName("Refuses the traversal '$target' with 400 and sends nothing of the secret")]
    public async Task Refuses_every_traversal_form_with_400(string target)
    {
        await using var site = new StaticSite();
        var response = await site.GetAsync(target);
        await Assert.That(response.Status).IsEqualTo(400);
        await Assert.That(response.Text).DoesNotContain("TOP SECRET");
    }

    [Test]
    public async Task Serves_a_double_encoded_dot_dot_as_the_literal_name_it_is()
    {
        await using var site = new StaticSite();
        var response = await site.GetAsync("/%252e%252e/secret.txt");
        await Assert.That(response.Status).IsEqualTo(404);
    }

    [Test]
    public async Task Curl_with_path_as_is_gets_no_secret()
    {
        await using var site = new StaticSite();
        var (_, output, _) = await StaticSite.CurlAsync("-s", "--path-as-is", "--max-time", "10", "-w", "%{http_code}", site.Url("/../../secret.txt"));
        await Assert.That(System.Text.Encoding.UTF8.GetString(output)).EndsWith("400");
        await Assert.That(System.Text.Encoding.UTF8.GetString(output)).DoesNotContain("TOP SECRET");
    }

    [Test]
    [Arguments("/escape.txt")]
    [Arguments("/escape-abs.txt")]
    [Arguments("/outside/secret.txt")]
    [Arguments("/outside/")]
    [Arguments("/plain-name")]
    [DisplayName("Treats the symlink escape '$target' as absent")]
    public async Task Refuses_symlinks_that_leave_the_root_or_lead_to_a_dotfile(string target)
    {
        await using var site = new StaticSite(o => o with { DirectoryListing = true });
        var response = await site.GetAsync(target);
        await Assert.That(response.Status).IsEqualTo(404);
        await Assert.That(response.Text).DoesNotContain("TOP SECRET");
        await Assert.That(response.Text).DoesNotContain("SECRET=1");
    }

    [Test]
    public async Task Follows_symlinks_that_stay_inside_the_root()
    {
        await using var site = new StaticSite();
        await Assert.That((await site.GetAsync("/alias.txt")).Text).IsEqualTo("hello, static world");
        await Assert.That((await site.GetAsync("/docs-link/guide.txt")).Text).IsEqualTo("guide");
        await Assert.That((await site.GetAsync("/outside/site/hello.txt")).Text).IsEqualTo("hello, static world");
    }

    [Test]
    [Arguments("/.env")]
    [Arguments("/.git/config")]
    [Arguments("/.git/")]
    [Arguments("/sub/.hidden")]
    [Arguments("/%2eenv")]
    [DisplayName("Treats the dotfile '$target' as absent")]
    public async Task Refuses_dotfiles(string target)
    {
        await using var site = new StaticSite();
        var response = await site.GetAsync(target);
        await Assert.That(response.Status).IsEqualTo(404);
    }

    [Test]
    public async Task Serves_dotfiles_when_allowed_but_never_outside_the_root()
    {
        await using var site = new StaticSite(o => o with { AllowDotfiles = true });
        await Assert.That((await site.GetAsync("/.env")).Text).IsEqualTo("SECRET=1");
        await Assert.That((await site.GetAsync("/sub/.hidden")).Text).IsEqualTo("hidden");
        await Assert.That((await site.GetAsync("/../.outside-dot")).Status).IsEqualTo(400);
    }

    [Test]
    public async Task Redirects_a_folder_to_its_slash_on_this_host_only()
    {
        await using var site = new StaticSite();
        var docs = await site.GetAsync("/docs?x=1");
        await Assert.That(docs.Status).IsEqualTo(301);
        await Assert.That(docs.Header("Location")).IsEqualTo("/docs/?x=1");
        // "//evil.example" must never become "Location: //evil.example/" (another host).
        System.IO.Directory.CreateDirectory(Path.Combine(site.Root, "evil.example"));
        var evil = await site.GetAsync("//evil.example");
        await Assert.That(evil.Status).IsEqualTo(301);
        await Assert.That(evil.Header("Location")).IsEqualTo("/evil.example/");
    }

    [Test]
    public async Task Refuses_a_root_that_does_not_exist()
    {
        await Assert.That(() => new StaticFileServer(new StaticFileOptions { Root = "/definitely/not/here" })).Throws<DirectoryNotFoundException>();
    }
}
