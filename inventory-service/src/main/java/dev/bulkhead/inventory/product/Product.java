package dev.bulkhead.inventory.product;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The product aggregate: what is sold, for how much, and how many units are left. {@code stock} is
 * what can still be reserved; {@code reserved} is what orders hold while their saga runs. A unit
 * moves stock → reserved (reserve), then leaves for good (commit) or goes back (release); neither
 * number ever drops below zero. Every stored change raises {@code version}.
 */
public class Product {

    /** Far beyond any real shelf, far below int overflow when stock and reserved are added up. */
    public static final int MAX_STOCK = 1_000_000;

    private final UUID id;
    private String name;
    private String description;
    private Price price;
    private int stock;
    private int reserved;
    private long version;
    private final Instant createdAt;
    private Instant updatedAt;

    Product(
            UUID id,
            String name,
            String description,
            Price price,
            int stock,
            int reserved,
            long version,
            Instant createdAt,
            Instant updatedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = requireName(name);
        this.description = description;
        this.price = Objects.requireNonNull(price, "price");
        this.stock = requireCount("stock", stock);
        this.reserved = requireCount("reserved", reserved);
        this.version = version;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new product with {@code stock} units available and none reserved. */
    public static Product create(UUID id, String name, String description, Price price, int stock, Instant at) {
        return new Product(id, name, description, price, stock, 0, 0, at, at);
    }

    /** Replaces what an admin may change besides stock; returns whether anything differs. */
    boolean change(String newName, String newDescription, Price newPrice, Instant at) {
        requireName(newName);
        Objects.requireNonNull(newPrice, "price");
        if (newName.equals(name) && Objects.equals(newDescription, description) && newPrice.equals(price)) {
            return false;
        }
        name = newName;
        description = newDescription;
        price = newPrice;
        touch(at);
        return true;
    }

    /**
     * Adds units to (positive delta) or removes units from (negative) the available stock.
     *
     * @throws InsufficientStock when fewer units are available than the delta removes
     */
    void adjustStock(int delta, Instant at) {
        long adjusted = (long) stock + delta;
        if (adjusted < 0) {
            throw new InsufficientStock(id, -delta, stock);
        }
        if (adjusted > MAX_STOCK) {
            throw new IllegalArgumentException("stock above " + MAX_STOCK + " for product " + id);
        }
        if (delta != 0) {
            stock = (int) adjusted;
            touch(at);
        }
    }

    /** Whether {@code quantity} units can be reserved now. */
    public boolean canReserve(int quantity) {
        return requirePositive(quantity) <= stock;
    }

    /**
     * Holds {@code quantity} units for an order: they leave the available stock.
     *
     * @throws InsufficientStock when fewer are available
     */
    public void reserve(int quantity, Instant at) {
        if (!canReserve(quantity)) {
            throw new InsufficientStock(id, quantity, stock);
        }
        stock -= quantity;
        reserved += quantity;
        touch(at);
    }

    /** Gives {@code quantity} reserved units back to the available stock (the order was cancelled). */
    public void release(int quantity, Instant at) {
        takeReserved(quantity, "release");
        stock += quantity;
        touch(at);
    }

    /** Lets {@code quantity} reserved units go for good (the order was paid): available stock stays as it is. */
    public void commit(int quantity, Instant at) {
        takeReserved(quantity, "commit");
        touch(at);
    }

    private void takeReserved(int quantity, String what) {
        if (requirePositive(quantity) > reserved) {
            throw new IllegalStateException(
                    "Cannot " + what + " " + quantity + " units of product " + id + ": only " + reserved + " reserved");
        }
        reserved -= quantity;
    }

    private void touch(Instant at) {
        updatedAt = Objects.requireNonNull(at, "at");
    }

    /** The repository stored this state as the next version (one per saved change, however many steps). */
    void stored(long newVersion) {
        version = newVersion;
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("a product name has 1 to 200 characters and is not blank");
        }
        return name;
    }

    private static int requireCount(String what, int count) {
        if (count < 0 || count > MAX_STOCK) {
            throw new IllegalArgumentException(what + " must be between 0 and " + MAX_STOCK + ": " + count);
        }
        return count;
    }

    private static int requirePositive(int quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("a quantity is at least 1: " + quantity);
        }
        return quantity;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public Price price() {
        return price;
    }

    /** Units available to reserve. */
    public int stock() {
        return stock;
    }

    /** Units held by orders whose saga has not ended. */
    public int reserved() {
        return reserved;
    }

    public long version() {
        return version;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
