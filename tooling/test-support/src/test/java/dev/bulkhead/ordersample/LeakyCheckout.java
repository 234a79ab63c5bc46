package dev.bulkhead.ordersample;

import dev.bulkhead.paymentsample.Card;
import org.springframework.beans.factory.annotation.Autowired;

/** Fixture: reaches into another service's classes, uses field injection and prints to stdout. */
public class LeakyCheckout {

    @Autowired
    Object payments;

    public void pay(Card card) {
        System.out.println("charging " + card.token());
    }
}
