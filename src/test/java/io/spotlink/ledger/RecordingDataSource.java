package io.spotlink.ledger;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A DataSource that remembers every prepared statement run through it, with its parameters, so a test can ask the
 * database for the plan of exactly what the ledger classes send (not a copy of their SQL that could drift).
 */
final class RecordingDataSource {

    /** One statement as sent: its SQL with {@code ?} markers, and the parameters by position. */
    record Statement(String sql, Map<Integer, Object> parameters) {
    }

    private final DataSource target;
    private final List<Statement> statements = new ArrayList<>();

    RecordingDataSource(DataSource target) {
        this.target = target;
    }

    /** The statements recorded since the last call, and forgets them. */
    synchronized List<Statement> drain() {
        List<Statement> all = List.copyOf(statements);
        statements.clear();
        return all;
    }

    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection c ? connection(c) : result;
                });
    }

    private Connection connection(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (result instanceof PreparedStatement ps && method.getName().equals("prepareStatement")) {
                        return statement(ps, (String) args[0]);
                    }
                    return result;
                });
    }

    private PreparedStatement statement(PreparedStatement statement, String sql) {
        Map<Integer, Object> parameters = new TreeMap<>();
        synchronized (this) {
            statements.add(new Statement(sql, parameters));
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer i) {
                parameters.put(i, method.getName().equals("setNull") ? null : args[1]);
            }
            return invoke(statement, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, handler);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
