using System.Text;
using AotSuite.StaticFiles.Negotiation;

namespace AotSuite.StaticFiles.Tests.Negotiation;

public class PreconditionsTests
{
    private static readonly DateTimeOffset Modified = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly byte[] ETag = "\"64-19abc\""u8.ToArray();

    private static bool NotModified(string? ifNoneMatch, string? ifModifiedSince) =>
        Preconditions.NotModified(Encoding.ASCII.GetBytes(ifNoneMatch ?? ""), ifNoneMatch is not null,
            Encoding.ASCII.GetBytes(ifModifiedSince ?? ""), ifModifiedSince is not null, ETag, Modified);

    [Test]
    public async Task Answers_304_when_if_none_match_lists_the_tag_strong_weak_or_star()
    {
        await Assert.That(NotModified("\"64-19abc\"", null)).IsTrue();
        await Assert.That(NotModified("\"other\", W/\"64-19abc\"", null)).IsTrue();
        await Assert.That(NotModified("*", null)).IsTrue();
        await Assert.That(NotModified("\"other\"", null)).IsFalse();
    }

    [Test]
    public async Task Answers_304_when_not_modified_since_and_ignores_the_date_when_if_none_match_is_there()
    {
        await Assert.That(NotModified(null, "Tue, 24 Nov 2026 08:00:00 GMT")).IsTrue();
        await Assert.That(NotModified(null, "Wed, 25 Nov 2026 08:00:00 GMT")).IsTrue();
        await Assert.That(NotModified(null, "Tue, 24 Nov 2026 07:59:59 GMT")).IsFalse();
        await Assert.That(NotModified(null, "yesterday")).IsFalse();
        await Assert.That(NotModified("\"other\"", "Wed, 25 Nov 2026 08:00:00 GMT")).IsFalse();
    }

    [Test]
    public async Task Keeps_a_range_only_while_if_range_still_matches_strongly()
    {
        await Assert.That(Preconditions.RangeStillValid("\"64-19abc\""u8, ETag, Modified)).IsTrue();
        await Assert.That(Preconditions.RangeStillValid("W/\"64-19abc\""u8, ETag, Modified)).IsFalse();
        await Assert.That(Preconditions.RangeStillValid("\"old\""u8, ETag, Modified)).IsFalse();
        await Assert.That(Preconditions.RangeStillValid("Tue, 24 Nov 2026 08:00:00 GMT"u8, ETag, Modified)).IsTrue();
        await Assert.That(Preconditions.RangeStillValid("Tue, 24 Nov 2026 07:00:00 GMT"u8, ETag, Modified)).IsFalse();
    }
}
