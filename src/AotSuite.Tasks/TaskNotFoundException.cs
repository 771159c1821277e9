namespace AotSuite.Tasks;

public sealed class TaskNotFoundException(int id) : Exception($"no task with id {id}")
{
    public int Id { get; } = id;
}
