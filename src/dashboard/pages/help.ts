// Help in place: the words of the dashboard explained (shown on hover and on the "Hướng dẫn" page),
// and each indicator's formula, scoring rule and threshold, written from the framework's own data.
import type { Framework, Indicator } from '../../frameworks/framework.js';
import { metricVocabulary } from '../../core/metric-vocabulary.js';
import { formatDecimal } from '../../core/rounding.js';
import { html, type SafeHtml } from './html.js';
import { label } from './format.js';
import { SOURCE_LABELS } from '../../text/labels.js';

/** Terms an operator meets on the pages, with what they mean here. */
export const GLOSSARY = {
  'cau-dao': ['Cầu dao (circuit breaker)', 'Khi một nguồn lỗi liên tiếp, cầu dao "mở": hệ thống tạm ngừng gọi nguồn đó để không bị chặn và không chờ vô ích. Người vận hành xử lý nguyên nhân rồi bấm "Đặt lại" (đóng cầu dao).'],
  cu: ['Cũ (stale)', 'Số liệu của tháng có thể không còn mới nhất: chưa công bố, có phiên bản mới hơn chưa công bố, lượt chạy gần nhất thất bại/bị huỷ, hoặc một nguồn dự kiến chưa lấy được.'],
  du: ['Đủ / thiếu', '"Đủ": mọi đơn vị có đủ số liệu cho mọi chỉ số và mọi nguồn dự kiến đã cung cấp. "Thiếu": còn chỉ số không tính được hoặc có nguồn thất bại; bảng điểm thiếu không được công bố trừ khi chọn --allow-incomplete.'],
  'phien-ban': ['Phiên bản (revision)', 'Mỗi lần số liệu đầu vào của tháng thay đổi, bảng điểm được ghi thành phiên bản mới; phiên bản cũ giữ nguyên, không bị sửa.'],
  'cong-bo': ['Công bố', 'Phiên bản được dùng cho báo cáo của tháng. Ghi lại lúc nào, do ai/lượt chạy nào, vì đủ số liệu hay được cho phép công bố khi còn thiếu.'],
  'thay-the': ['Đã được thay thế', 'Phiên bản đủ số liệu nhưng một phiên bản sau đã được công bố thay.'],
  'luot-chay': ['Lượt chạy', 'Một lần đồng bộ một tháng: thu thập từng nguồn của từng tỉnh, rồi chuẩn hoá, chấm điểm và lưu bảng điểm.'],
  'thu-lai': ['Chờ thử lại / lần thử', 'Ở chế độ hàng đợi, một bước thu thập lỗi tạm thời (hết giờ, lỗi 5xx) được thử lại tối đa 3 lần, mỗi lần chờ gấp đôi; trang ghi lần thử, giờ thử lại (giờ Việt Nam) và lỗi vừa gặp.'],
  'cach-ly': ['Dòng bị cách ly', 'Dòng, ô hoặc câu trả lời không dùng được (đơn vị lạ, giá trị sai kiểu…): được giữ riêng kèm vị trí và lý do; các dòng tốt vẫn được nhập.'],
  'diem-duoc': ['Điểm được', 'Tổng điểm các chỉ số của đơn vị, trên tổng điểm tối đa của bộ chỉ số.'],
  'quy-doi': ['Điểm quy đổi', 'Điểm được quy về thang của bộ chỉ số (ví dụ thang 10): điểm được × thang ÷ tổng điểm tối đa; dùng để xếp loại.'],
  'xep-loai': ['Xếp loại', 'Theo điểm quy đổi và các ngưỡng của bộ chỉ số (xem bảng ngưỡng trong Hướng dẫn).'],
  hang: ['Hạng', 'Thứ tự theo điểm được, cao nhất là 1.'],
  'delta-diem': ['± điểm so với tháng trước', 'Điểm được tháng này trừ điểm được của phiên bản đã công bố tháng trước.'],
  'delta-hang': ['± hạng', '↑ lên hạng, ↓ xuống hạng so với tháng trước; "=" giữ hạng.'],
  'kich-hoat': ['Kích hoạt', 'Ai/cái gì bắt đầu: hằng đêm (lịch 04:00), thủ công (người vận hành), chạy bù (nhiều tháng cũ), nhập tệp.'],
  'hang-doi': ['Hàng đợi', 'Ở chế độ phân tán (REDIS_URL), các bước là việc (job) trong hàng đợi BullMQ, do các worker xử lý; không có Redis thì mọi bước chạy ngay trong tiến trình.'],
} as const satisfies Record<string, readonly [string, string]>;

export type GlossaryKey = keyof typeof GLOSSARY;

/**
 * A word with its explanation on hover (and a dotted underline that says there is one).
 * @example term('cau-dao') // <abbr class="term" title="Khi một nguồn lỗi…">Cầu dao (circuit breaker)</abbr>
 */
export function term(key: GlossaryKey, text?: string): SafeHtml {
  const [name, meaning] = GLOSSARY[key];
  return html`<abbr class="term" title="${meaning}">${text ?? name}</abbr>`;
}

const metricLabel = (key: string) => metricVocabulary().get(key)?.label ?? key;
const sumText = (keys: readonly string[]) => (keys.length === 1 ? metricLabel(keys[0]!) : `(${keys.map(metricLabel).join(' + ')})`);
const EMPTY: Readonly<Record<Indicator['empty'], string>> = { zero: '0 điểm', max: 'đủ điểm', null: 'không tính (thiếu số liệu)' };

/**
 * An indicator's formula, rule and threshold in words, from the framework file.
 * @example indicatorHelp(framework.indicators[1]) // 'Tỷ lệ hồ sơ tiếp nhận trực tuyến (10 điểm). Tỷ lệ = …; đạt 50 % trở lên: 10 điểm; …'
 */
export function indicatorHelp(indicator: Indicator): string {
  const ratio = `Tỷ lệ = ${sumText(indicator.numerator)} ÷ ${sumText(indicator.denominator)}`;
  const rule =
    indicator.rule.type === 'linear'
      ? `điểm = tỷ lệ × ${indicator.max}`
      : `đạt ${formatDecimal(indicator.rule.target * 100, 0)} % trở lên: ${indicator.max} điểm; dưới đó điểm = ${indicator.max} × tỷ lệ ÷ ${formatDecimal(indicator.rule.target * 100, 0)} %`;
  return `${indicator.label} (${indicator.max} điểm). ${ratio}; ${rule}; mẫu số bằng 0: ${EMPTY[indicator.empty]}. Nguồn: ${indicator.sources.map((s) => label(SOURCE_LABELS, s)).join(', ')}.`;
}

/** The framework's bands as text: "Xuất sắc ≥ 9; Tốt ≥ 8; …". */
export const bandsHelp = (framework: Framework): string => framework.bands.map((b) => `${b.label} ≥ ${formatDecimal(b.min, 1)}`).join('; ');
