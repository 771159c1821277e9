using AotSuite.Watching.Ignoring;

namespace AotSuite.Watching.Tests;

public class GlobPatternTests
{
    [Test]
    [Arguments("*.log", "debug.log", true)]
    [Arguments("*.log", "logs/deep/debug.log", true)]
    [Arguments("*.log", "debug.log.txt", false)]
    [Arguments("/root.txt", "root.txt", true)]
    [Arguments("/root.txt", "sub/root.txt", false)]
    [Arguments("src/*.cs", "src/a.cs", true)]
    [Arguments("src/*.cs", "src/deep/a.cs", false)]
    [Arguments("src/**/*.cs", "src/deep/er/a.cs", true)]
    [Arguments("src/**/*.cs", "src/a.cs", true)]
    [Arguments("**/bin", "x/y/bin", true)]
    [Arguments("file?.txt", "file1.txt", true)]
    [Arguments("file?.txt", "file10.txt", false)]
    [Arguments("[ab].txt", "b.txt", true)]
    [Arguments("[!ab].txt", "b.txt", false)]
    [Arguments("a/**", "a/b/c", true)]
    [DisplayName("'$pattern' matches '$path': $expected")]
    public async Task Matches_gitignore_syntax(string pattern, string path, bool expected)
    {
        var glob = GlobPattern.Parse(pattern)!;
        await Assert.That(glob.IsMatch(path)).IsEqualTo(expected);
    }

    [Test]
    public async Task Blank_lines_and_comments_are_not_patterns()
    {
        await Assert.That(GlobPattern.Parse("")).IsNull();
        await Assert.That(GlobPattern.Parse("# comment")).IsNull();
    }

    [Test]
    public async Task The_last_matching_rule_wins_and_an_ignored_folder_hides_its_contents()
    {
        var rules = new IgnoreRules(["*.log", "!keep.log", "dist/"], useGitIgnore: true);
        await Assert.That(rules.IsIgnored("a.log", false)).IsTrue();
        await Assert.That(rules.IsIgnored("keep.log", false)).IsFalse();
        await Assert.That(rules.IsIgnored("dist", true)).IsTrue();
        await Assert.That(rules.IsIgnored("dist", false)).IsFalse();
        await Assert.That(rules.IsIgnored("dist/app.js", false)).IsTrue();
        await Assert.That(rules.IsIgnored(".git/config", false)).IsTrue();
        await Assert.That(rules.IsIgnored("src/app.js", false)).IsFalse();
    }

    [Test]
    public async Task A_nested_gitignore_governs_only_its_own_folder()
    {
        var folder = Directory.CreateTempSubdirectory("aotsuite-ignore-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, ".gitignore"), "*.gen.cs\n");
            var rules = new IgnoreRules([], useGitIgnore: true);
            rules.LoadGitIgnore(Path.Combine(folder, ".gitignore"), "sub");
            await Assert.That(rules.IsIgnored("sub/a.gen.cs", false)).IsTrue();
            await Assert.That(rules.IsIgnored("other/a.gen.cs", false)).IsFalse();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
