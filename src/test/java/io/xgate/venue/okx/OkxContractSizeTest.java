package io.xgate.venue.okx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Exact contract/base conversions for OKX SWAP sizes. */
class OkxContractSizeTest {

    private final OkxContractSize btcSwap = OkxContractSize.parse("0.01"); // 0.01 BTC per contract

    @Test
    void contractsToBase() {
        assertEquals(new OkxContractSize(1, 2), btcSwap);
        assertEquals(55_154_000_000L, btcSwap.toBase(55_154, 0, 8), "55154 contracts = 551.54 BTC");
        assertEquals(500_000L, btcSwap.toBase(5, 1, 8), "0.5 contract = 0.005 BTC");
        assertEquals(1, OkxContractSize.parse("10").toBase(1, 1, 0), "0.1 contract of 10 = 1");
        assertThrows(ArithmeticException.class, () -> btcSwap.toBase(1, 0, 1), "0.01 is not representable at 1 decimal");
        assertThrows(ArithmeticException.class, () -> btcSwap.toBase(Long.MAX_VALUE, 0, 8));
    }

    @Test
    void baseToContractsRefusesNonWholeContracts() {
        assertEquals(3, btcSwap.toContracts(3_000_000, 8, 0), "0.03 BTC = 3 contracts");
        assertEquals(25, btcSwap.toContracts(250_000, 8, 2), "0.0025 BTC = 0.25 contract at 2 decimals");
    }

    @Test
    void nonWhole() {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> btcSwap.toContracts(1_500_000, 8, 0));
        assertEquals("0.015 in base units is not a whole number of contracts of ctVal 0.01", e.getMessage());
        assertThrows(ArithmeticException.class, () -> btcSwap.toContracts(250_000, 8, 1), "0.25 contract at 1 decimal");
        assertThrows(IllegalArgumentException.class, () -> new OkxContractSize(0, 2));
    }
}
