namespace AotSuite.Web;

/// <summary>The <c>SameSite</c> attribute: when a browser sends the cookie along with a cross-site request.</summary>
public enum SameSite
{
    /// <summary>On top-level navigations from other sites, not on their subrequests (the browsers' own default).</summary>
    Lax,

    /// <summary>Never on a cross-site request.</summary>
    Strict,

    /// <summary>On every request, cross-site included; browsers then require <see cref="CookieOptions.Secure"/>.</summary>
    None,
}

/// <summary>The attributes <c>ctx.SetCookie</c> writes after <c>name=value</c> (RFC 6265 §4.1).</summary>
public sealed record CookieOptions
{
    /// <summary>The path prefix the cookie is sent for; <c>/</c> (the whole site) by default, null to leave it to the browser.</summary>
    public string? Path { get; init; } = "/";

    /// <summary>Also send the cookie to this domain's subdomains; null (the default) keeps it to the host that set it.</summary>
    public string? Domain { get; init; }

    /// <summary>Lifetime from now (<c>Max-Age</c>, whole seconds); null with no <see cref="Expires"/> is a session cookie.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>An absolute expiry (<c>Expires</c>), for old clients; <see cref="MaxAge"/> wins where both are understood.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>Only sent over HTTPS.</summary>
    public bool Secure { get; init; }

    /// <summary>Hidden from page scripts (<c>document.cookie</c>); on by default.</summary>
    public bool HttpOnly { get; init; } = true;

    public SameSite SameSite { get; init; } = SameSite.Lax;
}
