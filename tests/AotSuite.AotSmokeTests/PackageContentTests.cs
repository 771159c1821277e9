using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// What `dotnet pack` puts in each library's package, read back from the .nupkg as the zip it is: the nuspec's
/// metadata, the generator under analyzers/dotnet/cs (and never as a dependency), the buildTransitive props, the README
/// (whose example is a copy of a tested docs/ block), and the .snupkg beside it.
/// </summary>
[NotInParallel]
public partial class PackageContentTests
{
    private static readonly Lazy<Task<string>> Feed = new(PackAllAsync);

    [Test]
    public async Task Every_library_meant_for_users_is_packed_and_the_others_say_why_not()
    {
        var packable = LocalFeed.PackableLibraries();
        await Assert.That(packable).Contains("AotSuite.Web");
        await Assert.That(packable).Contains("AotSuite.Logging");
        foreach (var csproj in Directory.GetFiles(Path.Combine(ToolBinary.RepoRoot, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var name = Path.GetFileNameWithoutExtension(csproj);
            if (packable.Contains(name)) continue;
            // A library held back carries the reason as a comment right above <IsPackable>false</IsPackable>.
            await Assert.That(File.ReadAllText(csproj)).Matches(HeldBackWithReason()).Because($"{name} is not packable and does not say why");
        }
        var feed = await Feed.Value;
        foreach (var library in packable)
        {
            await Assert.That(File.Exists(Path.Combine(feed, $"{library}.{LocalFeed.Version}.nupkg"))).IsTrue().Because(library);
        }
    }

    [Test]
    public async Task Each_nuspec_carries_the_version_licence_readme_repository_and_no_generator_dependency()
    {
        var feed = await Feed.Value;
        foreach (var library in LocalFeed.PackableLibraries())
        {
            using var package = ZipFile.OpenRead(Path.Combine(feed, $"{library}.{LocalFeed.Version}.nupkg"));
            var nuspec = Nuspec(package, library);
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            string? Meta(string name) => metadata.Element(ns + name)?.Value;

            await Assert.That(Meta("id")).IsEqualTo(library);
            await Assert.That(Meta("version")).IsEqualTo(LocalFeed.Version);
            await Assert.That(Meta("description") ?? "").IsNotEmpty();
            await Assert.That(Meta("authors")).IsEqualTo("AotSuite contributors");
            var license = metadata.Element(ns + "license")!;
            await Assert.That(license.Attribute("type")?.Value).IsEqualTo("expression");
            await Assert.That(license.Value).IsEqualTo("MIT");
            await Assert.That(Meta("readme")).IsEqualTo("README.md");
            var repository = metadata.Element(ns + "repository");
            await Assert.That(repository?.Attribute("type")?.Value).IsEqualTo("git").Because($"{library}: no <repository type=\"git\">");
            await Assert.That(repository!.Attribute("commit")?.Value ?? "").Matches("^[0-9a-f]{40}$");
            var dependencies = metadata.Descendants(ns + "dependency").Select(static d => d.Attribute("id")!.Value).ToList();
            await Assert.That(dependencies.Where(static id => id.EndsWith(".Generators", StringComparison.Ordinal))).IsEmpty();
        }
    }

    [Test]
    public async Task Each_generator_ships_inside_its_library_package_under_analyzers()
    {
        var feed = await Feed.Value;
        var checkedGenerators = 0;
        foreach (var library in LocalFeed.PackableLibraries())
        {
            using var package = ZipFile.OpenRead(Path.Combine(feed, $"{library}.{LocalFeed.Version}.nupkg"));
            var entries = package.Entries.Select(static e => e.FullName).ToList();
            await Assert.That(entries).Contains($"lib/net10.0/{library}.dll");
            foreach (var generator in GeneratorsOf(library))
            {
                await Assert.That(entries).Contains($"analyzers/dotnet/cs/{generator}.dll").Because($"{library} runs {generator} but does not ship it");
                checkedGenerators++;
            }
        }
        await Assert.That(checkedGenerators).IsGreaterThanOrEqualTo(3); // JSON, Web routes, [Log] at least
    }

    [Test]
    public async Task The_web_package_turns_interceptors_on_through_buildTransitive()
    {
        var feed = await Feed.Value;
        using var package = ZipFile.OpenRead(Path.Combine(feed, $"AotSuite.Web.{LocalFeed.Version}.nupkg"));
        var props = package.GetEntry("buildTransitive/AotSuite.Web.props");
        await Assert.That(props).IsNotNull();
        using var reader = new StreamReader(props!.Open());
        await Assert.That(await reader.ReadToEndAsync()).Contains("<InterceptorsNamespaces>$(InterceptorsNamespaces);AotSuite.Web.Generated</InterceptorsNamespaces>");
    }

    [Test]
    public async Task Each_package_has_its_readme_whose_examples_are_tested_docs_blocks()
    {
        var feed = await Feed.Value;
        foreach (var library in LocalFeed.PackableLibraries())
        {
            using var package = ZipFile.OpenRead(Path.Combine(feed, $"{library}.{LocalFeed.Version}.nupkg"));
            var entry = package.GetEntry("README.md");
            await Assert.That(entry).IsNotNull().Because($"{library}: no README.md in the package");
            using var reader = new StreamReader(entry!.Open());
            var readme = await reader.ReadToEndAsync();
            await Assert.That(readme).StartsWith($"# {library}\n");
            var doc = DocsLink().Match(readme);
            await Assert.That(doc.Success).IsTrue().Because($"{library}: the README does not name its docs/ page");
            var docs = await File.ReadAllTextAsync(Path.Combine(ToolBinary.RepoRoot, doc.Groups[1].Value));
            // The docs pages' examples are compiled by the tests; a README example is one of them, word for word.
            foreach (Match block in CsharpBlock().Matches(readme))
            {
                await Assert.That(docs).Contains(block.Value).Because($"{library}: a README example is not in {doc.Groups[1].Value}");
            }
        }
    }

    [Test]
    public async Task Each_package_has_a_symbols_package_with_its_pdb()
    {
        var feed = await Feed.Value;
        foreach (var library in LocalFeed.PackableLibraries())
        {
            var path = Path.Combine(feed, $"{library}.{LocalFeed.Version}.snupkg");
            await Assert.That(File.Exists(path)).IsTrue().Because($"{library}: no .snupkg");
            using var symbols = ZipFile.OpenRead(path);
            await Assert.That(symbols.Entries.Select(static e => e.FullName)).Contains($"lib/net10.0/{library}.pdb");
        }
    }

    [After(Class)]
    public static async Task DeleteFeedAsync()
    {
        if (Feed.IsValueCreated && Feed.Value.IsCompletedSuccessfully) Directory.Delete(await Feed.Value, recursive: true);
    }

    private static async Task<string> PackAllAsync()
    {
        var feed = Directory.CreateTempSubdirectory("aotsuite-feed-").FullName; // shared by this class's tests; in the temp folder
        await LocalFeed.PackAsync(feed, LocalFeed.PackableLibraries());
        return feed;
    }

    private static XDocument Nuspec(ZipArchive package, string library)
    {
        using var stream = package.GetEntry($"{library}.nuspec")!.Open();
        return XDocument.Load(stream);
    }

    /// <summary>The generators a library's csproj references as analyzers.</summary>
    /// <summary>The generators a library's package must carry: those it runs, less those a library it depends on
    /// already ships (NuGet hands a dependency's analyzers on, and a generator shipped twice would run twice).</summary>
    private static IEnumerable<string> GeneratorsOf(string library)
    {
        var references = XDocument.Load(Path.Combine(ToolBinary.RepoRoot, "src", library, library + ".csproj")).Descendants("ProjectReference").ToList();
        static string Name(XElement reference) => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value);
        var inherited = references.Where(static r => r.Attribute("OutputItemType") is null).SelectMany(r => GeneratorsOf(Name(r)));
        return references.Where(static r => r.Attribute("OutputItemType")?.Value == "Analyzer").Select(Name).Except(inherited).ToList();
    }

    [GeneratedRegex(@"<!--[^\n]*-->\s*<IsPackable>false</IsPackable>")]
    private static partial Regex HeldBackWithReason();

    [GeneratedRegex(@"`(docs/[a-z-]+\.md)`")]
    private static partial Regex DocsLink();

    [GeneratedRegex("```csharp\n.*?\n```", RegexOptions.Singleline)]
    private static partial Regex CsharpBlock();
}
