namespace AotSuite.Http.Parsing;

/// <summary>What the header section of one request has used so far; headers can arrive over several reads.</summary>
internal struct HeaderBudget
{
    public int Bytes;
    public int Count;
}
