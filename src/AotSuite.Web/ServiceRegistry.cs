namespace AotSuite.Web;

/// <summary>
/// Singletons that handlers ask for by type (<c>(int id, Db db) =&gt; ...</c>). Deliberately not a container: one
/// instance per type, registered before the app starts; the generated endpoint looks each up once and keeps it.
/// </summary>
public sealed class ServiceRegistry
{
    private readonly Dictionary<Type, object> services = [];

    public ServiceRegistry Add<T>(T instance) where T : class
    {
        ArgumentNullException.ThrowIfNull(instance);
        services[typeof(T)] = instance;
        return this;
    }

    public T Get<T>() where T : class =>
        services.TryGetValue(typeof(T), out var service)
            ? (T)service
            : throw new InvalidOperationException($"no service of type {typeof(T).FullName} is registered; call app.Services.Add(...) before the app starts");
}
