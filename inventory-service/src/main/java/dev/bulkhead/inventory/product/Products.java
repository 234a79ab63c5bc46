package dev.bulkhead.inventory.product;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Where products are kept. Writers lock what they change ({@code SELECT ... FOR UPDATE}); the table's
 * CHECK constraints keep stock and reserved at zero or above whatever happens.
 */
@Repository
public class Products {

    private static final String COLUMNS =
            "id, name, description, price_amount_minor, price_currency, stock, reserved, version, created_at, updated_at";

    /** Oldest first, so pages stay put while products are added; id breaks ties (one seeding transaction). */
    private static final String LISTING_ORDER = " ORDER BY created_at, id";

    private final JdbcClient jdbc;

    Products(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Product> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM product WHERE id = :id")
                .param("id", id)
                .query(Products::map)
                .optional();
    }

    /** The product, locked for the rest of the transaction. */
    Optional<Product> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM product WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(Products::map)
                .optional();
    }

    /**
     * Locks the products with these ids, one after the other in the database's order of ids (the
     * rows are locked as the sorted result is produced). Every transaction that locks several
     * products goes through here, so all of them take the locks in the same order and two orders
     * sharing products can wait for each other but never deadlock. Ids without a product are left out.
     */
    public List<Product> lockInIdOrder(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM product WHERE id IN (:ids) ORDER BY id FOR UPDATE")
                .param("ids", List.copyOf(ids))
                .query(Products::map)
                .list();
    }

    List<Product> page(long offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM product" + LISTING_ORDER + " LIMIT :limit OFFSET :offset")
                .param("limit", limit)
                .param("offset", offset)
                .query(Products::map)
                .list();
    }

    List<Product> page(Collection<UUID> ids, long offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM product WHERE id IN (:ids)" + LISTING_ORDER
                        + " LIMIT :limit OFFSET :offset")
                .param("ids", List.copyOf(ids))
                .param("limit", limit)
                .param("offset", offset)
                .query(Products::map)
                .list();
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM product").query(Long.class).single();
    }

    long count(Collection<UUID> ids) {
        return jdbc.sql("SELECT count(*) FROM product WHERE id IN (:ids)")
                .param("ids", List.copyOf(ids))
                .query(Long.class)
                .single();
    }

    public boolean isEmpty() {
        return jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM product)")
                .query(Boolean.class)
                .single();
    }

    public void insert(Product product) {
        jdbc.sql("INSERT INTO product (" + COLUMNS + ") VALUES (:id, :name, :description, :amountMinor, :currency,"
                        + " :stock, :reserved, :version, :createdAt, :updatedAt)")
                .param("id", product.id())
                .param("name", product.name())
                .param("description", product.description())
                .param("amountMinor", product.price().amountMinor())
                .param("currency", product.price().currency())
                .param("stock", product.stock())
                .param("reserved", product.reserved())
                .param("version", product.version())
                .param("createdAt", OffsetDateTime.ofInstant(product.createdAt(), ZoneOffset.UTC))
                .param("updatedAt", OffsetDateTime.ofInstant(product.updatedAt(), ZoneOffset.UTC))
                .update();
    }

    /**
     * Stores the product's state as the next version.
     *
     * @throws OptimisticLockingFailureException when the row is no longer at the version that was
     *     read (it cannot be while the caller holds the row lock; this is the check that says so)
     */
    public void update(Product product) {
        int rows = jdbc.sql("UPDATE product SET name = :name, description = :description,"
                        + " price_amount_minor = :amountMinor, price_currency = :currency, stock = :stock,"
                        + " reserved = :reserved, version = :version + 1, updated_at = :updatedAt"
                        + " WHERE id = :id AND version = :version")
                .param("id", product.id())
                .param("name", product.name())
                .param("description", product.description())
                .param("amountMinor", product.price().amountMinor())
                .param("currency", product.price().currency())
                .param("stock", product.stock())
                .param("reserved", product.reserved())
                .param("version", product.version())
                .param("updatedAt", OffsetDateTime.ofInstant(product.updatedAt(), ZoneOffset.UTC))
                .update();
        if (rows != 1) {
            throw new OptimisticLockingFailureException(
                    "Product " + product.id() + " is no longer at version " + product.version());
        }
        product.stored(product.version() + 1);
    }

    private static Product map(ResultSet row, int number) throws SQLException {
        return new Product(
                row.getObject("id", UUID.class),
                row.getString("name"),
                row.getString("description"),
                new Price(row.getLong("price_amount_minor"), row.getString("price_currency")),
                row.getInt("stock"),
                row.getInt("reserved"),
                row.getLong("version"),
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                row.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
