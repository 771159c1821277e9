using System.Text;
using AotSuite.StaticFiles.Resolving;

namespace AotSuite.StaticFiles.Tests.Resolving;

public class RequestPathTests
{
    private static (PathVerdict Verdict, string Path, bool TrailingSlash) Normalize(string path, bool allowDotfiles = false)
    {
        var chars = new char[RequestPath.MaxChars];
        var verdict = RequestPath.Normalize(Encoding.Latin1.GetBytes(path), chars, allowDotfiles, out var written, out var trailingSlash);
        return (verdict, new string(chars, 0, written), trailingSlash);
    }

    [Test]
    [Arguments("/", "", true)]
    [Arguments("/index.html", "index.html", false)]
    [Arguments("/docs/", "docs", true)]
    [Arguments("//a///b/./c.txt", "a/b/c.txt", false)]
    [Arguments("/caf%C3%A9.txt", "café.txt", false)]
    [Arguments("/a%20b/c%2Fd", "a b/c/d", false)]
    [Arguments("/%252e%252e/x", "%2e%2e/x", false)]
    [Arguments("/a..b.txt", "a..b.txt", false)]
    [DisplayName("Normalizes '$path' to '$expected'")]
    public async Task Normalizes_a_path_into_plain_segments(string path, string expected, bool trailingSlash)
    {
        var result = Normalize(path);
        await Assert.That(result.Verdict).IsEqualTo(PathVerdict.Ok);
        await Assert.That(result.Path).IsEqualTo(expected);
        await Assert.That(result.TrailingSlash).IsEqualTo(trailingSlash);
    }

    [Test]
    [Arguments("/../etc/passwd")]
    [Arguments("/a/../../etc/passwd")]
    [Arguments("/a/..")]
    [Arguments("/%2e%2e/etc/passwd")]
    [Arguments("/%2E%2E/etc/passwd")]
    [Arguments("/.%2e/etc/passwd")]
    [Arguments("/%2e./etc/passwd")]
    [Arguments("/a%2f..%2f..%2fetc%2fpasswd")]
    [Arguments("/..%2fetc%2fpasswd")]
    [Arguments("/..%5cetc%5cpasswd")]
    [Arguments("/a\\..\\etc")]
    [Arguments("/index.html%00.txt")]
    [Arguments("/%00")]
    [Arguments("/a%0d%0aSet-Cookie:x")]
    [Arguments("/%c0%ae%c0%ae/etc/passwd")]
    [Arguments("/%e0%80%ae%e0%80%ae/etc/passwd")]
    [Arguments("/%ff")]
    [Arguments("/%")]
    [Arguments("/%2")]
    [Arguments("/%zz")]
    [Arguments("relative")]
    [Arguments("/.hidden/../../x")]
    [DisplayName("Refuses '$path' with 400")]
    public async Task Refuses_traversal_nul_and_malformed_encodings(string path)
    {
        await Assert.That(Normalize(path).Verdict).IsEqualTo(PathVerdict.BadRequest);
    }

    [Test]
    [Arguments("/.env")]
    [Arguments("/.git/config")]
    [Arguments("/a/.hidden")]
    [Arguments("/%2egit/config")]
    [DisplayName("Hides the dotfile path '$path'")]
    public async Task Hides_dotfiles_unless_allowed(string path)
    {
        await Assert.That(Normalize(path).Verdict).IsEqualTo(PathVerdict.Hidden);
        await Assert.That(Normalize(path, allowDotfiles: true).Verdict).IsEqualTo(PathVerdict.Ok);
    }

    [Test]
    public async Task Treats_a_path_over_the_limit_as_absent()
    {
        await Assert.That(Normalize("/" + new string('a', RequestPath.MaxChars)).Verdict).IsEqualTo(PathVerdict.TooLong);
    }

    [Test]
    [Arguments("users/42", false)]
    [Arguments("app.js", true)]
    [Arguments("a.b/c", false)]
    [Arguments(".x", false)]
    public async Task Tells_whether_the_last_segment_has_an_extension(string path, bool expected)
    {
        await Assert.That(RequestPath.HasExtension(path)).IsEqualTo(expected);
    }
}
