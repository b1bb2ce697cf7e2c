/**
 * The demo's CSAF 2.0 advisory (fictional vendor, fictional CVE ids in the 2026-21xxx range):
 * revision 1 lists the indoor camera as affected; revision 2, after firmware 2.1.4, lists it as
 * fixed. The outdoor camera stays affected without a fix, the doorbell is not affected.
 */
const iso = (d: Date) => d.toISOString();

export function demoAdvisory(input: { initial: Date; current: Date; revision: 1 | 2 }): Record<string, unknown> {
  const history = [{ date: iso(input.initial), number: '1', summary: 'Initial version.' }];
  if (input.revision === 2) history.push({ date: iso(input.current), number: '2', summary: 'Firmware 2.1.4 for AV-IC200 fixes CVE-2026-21001.' });
  const fixed = input.revision === 2;
  return {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      distribution: { tlp: { label: 'WHITE', url: 'https://www.first.org/tlp/' } },
      lang: 'en',
      notes: [{ category: 'summary', title: 'Summary', text: 'An authentication bypass in the web interface and an information disclosure in the RTSP service of Aoba Vision network cameras (demo data).' }],
      publisher: { category: 'vendor', name: 'Aoba Vision PSIRT (demo)', namespace: 'https://aoba-vision.example.jp/psirt', contact_details: 'psirt@aoba-vision.example.jp' },
      title: 'Aoba Vision network cameras: authentication bypass and RTSP information disclosure',
      tracking: {
        id: 'AOBA-PSIRT-2026-0003',
        status: 'final',
        version: String(input.revision),
        initial_release_date: iso(input.initial),
        current_release_date: iso(input.current),
        revision_history: history,
        generator: { engine: { name: 'hoshi demo' }, date: iso(input.current) },
      },
    },
    product_tree: {
      branches: [{
        category: 'vendor',
        name: 'Aoba Vision',
        branches: [
          product('Indoor Network Camera 2K', 'CSAFPID-IC200', fixed ? '2.1.4' : '2.1.3', ['AV-IC200', 'AV-IC200-W']),
          product('Outdoor Bullet Network Camera 4MP', 'CSAFPID-OB400', '1.8.0', ['AV-OB400-28']),
          product('Wi-Fi Video Doorbell', 'CSAFPID-DB150', '3.0.2', ['AV-DB150']),
          product('Legacy Camera VX1 (not registered)', 'CSAFPID-VX1', '0.9', ['AV-VX1']),
        ],
      }],
    },
    vulnerabilities: [
      {
        cve: 'CVE-2026-21001',
        title: 'Authentication bypass in the web interface',
        notes: [{ category: 'description', text: 'A crafted request to the web interface skips the password check.' }],
        product_status: {
          ...(fixed ? { fixed: ['CSAFPID-IC200'] } : {}),
          known_affected: fixed ? ['CSAFPID-OB400', 'CSAFPID-VX1'] : ['CSAFPID-IC200', 'CSAFPID-OB400', 'CSAFPID-VX1'],
          known_not_affected: ['CSAFPID-DB150'],
        },
        flags: [{ label: 'vulnerable_code_not_present', product_ids: ['CSAFPID-DB150'] }],
        scores: [{
          products: fixed ? ['CSAFPID-IC200', 'CSAFPID-OB400', 'CSAFPID-VX1'] : ['CSAFPID-IC200', 'CSAFPID-OB400', 'CSAFPID-VX1'],
          cvss_v3: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', baseScore: 8.8, baseSeverity: 'HIGH' },
        }],
        remediations: [
          ...(fixed ? [{ category: 'vendor_fix', details: 'Update to firmware 2.1.4.', product_ids: ['CSAFPID-IC200'], url: 'https://aoba-vision.example.jp/support/firmware/av-ic200' }] : []),
          { category: 'workaround', details: 'Turn off remote access to the web interface until a fix is available.', product_ids: ['CSAFPID-OB400'] },
        ],
      },
      {
        cve: 'CVE-2026-21002',
        title: 'Information disclosure in the RTSP service',
        notes: [{ category: 'description', text: 'The RTSP service may reveal the device serial number to unauthenticated clients.' }],
        product_status: { under_investigation: ['CSAFPID-IC200'] },
      },
    ],
  };
}

function product(name: string, id: string, version: string, modelNumbers: string[]) {
  return {
    category: 'product_name',
    name,
    branches: [{ category: 'product_version', name: version, product: { name: `Aoba Vision ${name} ${version}`, product_id: id, product_identification_helper: { model_numbers: modelNumbers } } }],
  };
}
