namespace AotSuite.Tasks;

public enum TaskPriority
{
    Low,
    Medium,
    High,
}
