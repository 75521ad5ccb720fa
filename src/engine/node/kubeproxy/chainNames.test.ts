import { describe, expect, it } from 'vitest';
import { servicePortEndpointChainName, servicePortPolicyClusterChain } from './chainNames.ts';
import { base32, hex, sha256, utf8 } from './sha256.ts';

describe('sha256 and base32', () => {
  it('match the published test vectors', () => {
    expect(hex(sha256(utf8('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hex(sha256(utf8('')))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    const long = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
    expect(hex(sha256(utf8(long)))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(base32(utf8('foobar'))).toBe('MZXW6YTBOI======');
    expect(base32(utf8('f'))).toBe('MY======');
  });
});

describe('chain names', () => {
  // The names pkg/proxy/iptables/proxier_test.go expects for the same inputs.
  it('derive KUBE-SVC and KUBE-SEP names as the real proxier does', () => {
    expect(servicePortPolicyClusterChain('ns1/svc1:p80', 'tcp')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
    expect(servicePortPolicyClusterChain('ns2/svc2:p8080', 'tcp')).toBe(
      'KUBE-SVC-2VJB64SDSIJUP5T6',
    );
    expect(servicePortEndpointChainName('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe(
      'KUBE-SEP-SXIVWICOYRO3J4NJ',
    );
    expect(servicePortEndpointChainName('ns1/svc1:p80', 'tcp', '10.180.2.1:80')).toBe(
      'KUBE-SEP-ZX7GRIZKSNUQ3LAJ',
    );
  });
});
