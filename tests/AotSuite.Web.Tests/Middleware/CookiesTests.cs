using System.Text;

namespace AotSuite.Web.Tests.Middleware;

public sealed class CookiesTests
{
    [Test]
    [Arguments("session=xyz", "xyz")]
    [Arguments("a=1; session=xyz; b=2", "xyz")]
    [Arguments("a=1;session=xyz;b=2", "xyz")]
    [Arguments("  session = xyz  ; b=2", "xyz")]
    [Arguments("session=\"quoted\"", "quoted")]
    [Arguments("xsession=1; session=2", "2")]
    [Arguments("session=first; session=second", "first")]
    [Arguments("junk; session=abc", "abc")]
    [Arguments("session=", "")]
    [Arguments("session=a=b", "a=b")]
    [DisplayName("Reads 'session' from '$header'")]
    public async Task Reads_a_cookie_from_the_cookie_string(string header, string expected)
    {
        await Assert.That(Read(header)).IsEqualTo(expected);
    }

    [Test]
    [Arguments("")]
    [Arguments("other=1")]
    [Arguments("Session=1")]
    [Arguments("session")]
    [Arguments("sessions=1; xsession=2")]
    [DisplayName("Finds no 'session' in '$header'")]
    public async Task Finds_no_cookie_that_is_not_there(string header)
    {
        await Assert.That(Read(header)).IsNull();
    }

    [Test]
    public async Task Reads_a_cookie_the_client_sent()
    {
        await using var app = MiddlewareApp.Create();
        await Assert.That((await Http.GetAsync(app, "/cookie", "Cookie: theme=dark; session=s3cr3t")).Body).IsEqualTo("s3cr3t");
        await Assert.That((await Http.GetAsync(app, "/cookie", "Cookie: theme=dark", "Cookie: session=second-field")).Body).IsEqualTo("second-field");
        await Assert.That((await Http.GetAsync(app, "/cookie")).Body).IsEqualTo("none");
    }

    [Test]
    public async Task Writes_set_cookie_with_httponly_and_samesite_lax_by_default()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.SendAsync(app, "POST", "/login");
        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.All("Set-Cookie")).IsEquivalentTo(
        [
            "session=abc123; Path=/; HttpOnly; SameSite=Lax",
            "theme=dark; Path=/; Max-Age=86400; SameSite=Strict",
        ]);
    }

    [Test]
    public async Task Deletes_a_cookie_with_an_expiry_in_the_past()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.SendAsync(app, "POST", "/logout");
        await Assert.That(reply.Headers["Set-Cookie"]).IsEqualTo("session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax");
    }

    [Test]
    public async Task Writes_every_attribute_it_is_given()
    {
        var options = new CookieOptions
        {
            Path = "/app",
            Domain = "example.com",
            Expires = new DateTimeOffset(2027, 3, 1, 12, 30, 0, TimeSpan.FromHours(2)),
            Secure = true,
            HttpOnly = false,
            SameSite = SameSite.None,
        };
        await Assert.That(Format("id", "\"v1\"", options)).IsEqualTo("id=\"v1\"; Path=/app; Domain=example.com; Expires=Mon, 01 Mar 2027 10:30:00 GMT; Secure; SameSite=None");
        await Assert.That(Format("__Host-id", "1", new CookieOptions { Secure = true, Path = "/" })).IsEqualTo("__Host-id=1; Path=/; Secure; HttpOnly; SameSite=Lax");
        await Assert.That(Format("n", "v", new CookieOptions { Path = null })).IsEqualTo("n=v; HttpOnly; SameSite=Lax");
    }

    [Test]
    [Arguments("two words", "v", "cookie name 'two words' must be an RFC 9110 token")]
    [Arguments("a=b", "v", "cookie name 'a=b' must be an RFC 9110 token")]
    [Arguments("naïve", "v", "cookie name 'naïve' must be an RFC 9110 token")]
    [Arguments("n", "two words", "cookie 'n' has a value with a character a cookie cannot carry")]
    [Arguments("n", "a;b", "cookie 'n' has a value with a character a cookie cannot carry")]
    [Arguments("n", "a,b", "cookie 'n' has a value with a character a cookie cannot carry")]
    [Arguments("n", "back\\slash", "cookie 'n' has a value with a character a cookie cannot carry")]
    [Arguments("n", "\"unbalanced", "cookie 'n' has a value with a character a cookie cannot carry")]
    [Arguments("n", "café", "cookie 'n' has a value with a character a cookie cannot carry")]
    [Arguments("__Secure-id", "1", "requires Secure = true")]
    [DisplayName("Refuses name '$name' value '$value'")]
    public async Task Refuses_a_name_or_value_a_cookie_cannot_carry(string name, string value, string message)
    {
        await Assert.That(() => Cookies.Validate(name, value, new CookieOptions())).Throws<ArgumentException>().WithMessageContaining(message);
    }

    [Test]
    public async Task Refuses_attributes_browsers_would_reject()
    {
        await Assert.That(() => Cookies.Validate("n", "v", new CookieOptions { SameSite = SameSite.None }))
            .Throws<ArgumentException>().WithMessageContaining("SameSite=None without Secure");
        await Assert.That(() => Cookies.Validate("__Host-n", "v", new CookieOptions { Secure = true, Domain = "example.com" }))
            .Throws<ArgumentException>().WithMessageContaining("__Host- prefix");
        await Assert.That(() => Cookies.Validate("n", "v", new CookieOptions { Path = "app" }))
            .Throws<ArgumentException>().WithMessageContaining("Path 'app'");
        await Assert.That(() => Cookies.Validate("n", "v", new CookieOptions { Domain = "a.com; Secure" }))
            .Throws<ArgumentException>().WithMessageContaining("Domain 'a.com; Secure'");
        await Assert.That(() => Cookies.Validate("n", "v", new CookieOptions { MaxAge = TimeSpan.FromSeconds(-1) }))
            .Throws<ArgumentOutOfRangeException>();
    }

    [Test]
    public async Task A_bad_value_set_by_a_handler_is_a_500_and_no_cookie()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.GetAsync(app, "/bad-cookie");
        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Headers.ContainsKey("Set-Cookie")).IsFalse();
    }

    [Test]
    public async Task Round_trips_through_curls_cookie_jar()
    {
        await using var app = MiddlewareApp.Create();
        var jar = Path.Combine(Path.GetTempPath(), $"aotsuite-cookies-{Guid.NewGuid():N}.txt");
        try
        {
            var login = await MiddlewareApp.CurlAsync(app, "-c", jar, "-X", "POST", "{url}/login");
            await Assert.That(login.Output).IsEqualTo("ok");
            var read = await MiddlewareApp.CurlAsync(app, "-b", jar, "{url}/cookie");
            await Assert.That(read.ExitCode).IsEqualTo(0);
            await Assert.That(read.Output).IsEqualTo("abc123");
            await MiddlewareApp.CurlAsync(app, "-b", jar, "-c", jar, "-X", "POST", "{url}/logout");
            await Assert.That((await MiddlewareApp.CurlAsync(app, "-b", jar, "{url}/cookie")).Output).IsEqualTo("none");
        }
        finally
        {
            File.Delete(jar);
        }
    }

    [Test]
    public async Task Checks_and_writes_a_cookie_without_allocating_once_warm()
    {
        var options = new CookieOptions { MaxAge = TimeSpan.FromHours(1), Expires = DateTimeOffset.UnixEpoch, Secure = true };
        var buffer = new byte[512];
        var written = 0;
        for (var i = 0; i < 100; i++) written = CheckAndFormat(buffer, options);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++) written = CheckAndFormat(buffer, options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await Assert.That(allocated).IsEqualTo(0);
        await Assert.That(written).IsGreaterThan(0);
    }

    private static int CheckAndFormat(byte[] buffer, CookieOptions options)
    {
        Cookies.Validate("session", "abc123", options);
        return Cookies.Format(buffer, "session", "abc123", options);
    }

    private static string? Read(string header) =>
        Cookies.TryGet(Encoding.ASCII.GetBytes(header), "session"u8, out var value) ? Encoding.ASCII.GetString(value) : null;

    private static string Format(string name, string value, CookieOptions options)
    {
        Cookies.Validate(name, value, options);
        var buffer = new byte[512];
        return Encoding.ASCII.GetString(buffer, 0, Cookies.Format(buffer, name, value, options));
    }
}
