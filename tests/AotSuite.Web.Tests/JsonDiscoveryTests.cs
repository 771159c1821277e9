using AotSuite.Json;

namespace AotSuite.Web.Tests;

// Request and response types without [JsonModel]: the web generator finds them in the handlers below and writes their
// codecs; Label keeps its attribute, so the JSON generator writes it and the web generator must not write it again.
public enum Priority
{
    Low,
    High,
}

public sealed record Note(string Text, DateOnly? Due = null);

public sealed record Card(int Id, string Title, Priority Priority, List<Note> Notes, Label? Label, Dictionary<string, int> Votes);

[JsonModel]
public sealed partial record Label(string Name);

public sealed class NewCard
{
    public required string Title { get; init; }
    public Priority Priority { get; set; } = Priority.Low;
    public List<Note> Notes { get; set; } = [];
}

public sealed class Board
{
    private readonly List<Card> cards = [new Card(1, "first", Priority.High, [new Note("a", new DateOnly(2026, 12, 24))], new Label("x"), new() { ["ada"] = 2 })];

    public Card? Find(int id) => cards.Find(c => c.Id == id);

    public IReadOnlyList<Card> All() => cards;

    public Card Add(NewCard card)
    {
        var added = new Card(cards.Count + 1, card.Title, card.Priority, card.Notes, null, []);
        cards.Add(added);
        return added;
    }
}

/// <summary>JSON for types a user never annotated: bodies, results, lists and Results.* over real sockets.</summary>
public sealed class JsonDiscoveryTests
{
    private static WebApp app = null!;

    [Before(Class)]
    public static void Start()
    {
        app = WebApp.Create(new WebAppOptions { Port = 0 });
        app.Services.Add(new Board());
        app.MapGet("/cards/{id:int}", (int id, Board board) => board.Find(id));
        app.MapGet("/cards", (Board board) => board.All());
        app.MapPost("/cards", (NewCard body, Board board) => Results.Created($"/cards/{board.Add(body).Id}", board.All()[^1]));
        app.MapPut("/cards/{id:int}/notes", (int id, Note note, Board board) => Results.Json(board.Find(id)!.Notes.Append(note).ToList(), 202));
        app.MapPost("/echo", async (Card card) =>
        {
            await Task.Yield();
            return Results.Ok(card);
        });
        app.Start();
    }

    [After(Class)]
    public static async Task Stop() => await app.DisposeAsync();

    [Test]
    public async Task Writes_a_result_type_without_JsonModel_and_the_types_inside_it()
    {
        var reply = await Http.GetAsync(app, "/cards/1");
        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Headers["Content-Type"]).IsEqualTo("application/json");
        await Assert.That(reply.Body).IsEqualTo("""{"id":1,"title":"first","priority":"high","notes":[{"text":"a","due":"2026-12-24"}],"label":{"name":"x"},"votes":{"ada":2}}""");
        await Assert.That((await Http.GetAsync(app, "/cards/9")).Status).IsEqualTo(404);
    }

    [Test]
    public async Task Writes_a_list_of_them_as_an_array()
    {
        var reply = await Http.GetAsync(app, "/cards");
        await Assert.That(reply.Body).StartsWith("""[{"id":1,"title":"first",""");
    }

    [Test]
    public async Task Reads_a_body_type_without_JsonModel_and_answers_through_Results_Created()
    {
        var reply = await Http.SendAsync(app, "POST", "/cards", """{"title":"second","notes":[{"text":"n"}]}""");
        await Assert.That(reply.Status).IsEqualTo(201);
        await Assert.That(reply.Headers["Location"]).StartsWith("/cards/");
        await Assert.That(reply.Body).Contains(""","title":"second","priority":"low","notes":[{"text":"n","due":null}],"label":null,"votes":{}}""");
    }

    [Test]
    public async Task Results_Json_of_a_list_and_Results_Ok_write_discovered_types()
    {
        var notes = await Http.SendAsync(app, "PUT", "/cards/1/notes", """{"text":"b"}""");
        await Assert.That(notes.Status).IsEqualTo(202);
        await Assert.That(notes.Body).IsEqualTo("""[{"text":"a","due":"2026-12-24"},{"text":"b","due":null}]""");

        var card = """{"id":7,"title":"t","priority":"high","notes":[],"label":{"name":"l"},"votes":{"x":1}}""";
        var echo = await Http.SendAsync(app, "POST", "/echo", card);
        await Assert.That(echo.Status).IsEqualTo(200);
        await Assert.That(echo.Body).IsEqualTo(card);
    }

    [Test]
    public async Task A_body_missing_a_required_member_is_a_400_naming_it()
    {
        var reply = await Http.SendAsync(app, "POST", "/cards", """{"priority":"high"}""");
        await Assert.That(reply.Status).IsEqualTo(400);
        await Assert.That(reply.Headers["Content-Type"]).IsEqualTo("application/problem+json");
        await Assert.That(reply.Body).Contains("\"field\":\"$.title\"");
    }

    [Test]
    public async Task A_nested_value_of_the_wrong_type_is_a_400_with_its_json_path()
    {
        var reply = await Http.SendAsync(app, "POST", "/cards", """{"title":"x","notes":[{"text":"a"},{"text":5}]}""");
        await Assert.That(reply.Status).IsEqualTo(400);
        await Assert.That(reply.Body).Contains("\"field\":\"$.notes[1].text\"");
    }
}
