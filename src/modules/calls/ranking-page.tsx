import type { View } from '../../web/view.js';
import { Layout } from '../../web/layout.js';
import type { RankingLists } from './ranking.js';
import type { Call } from './service.js';

/** The ranking lists of a call: one table per authority and partition, with the CSV export. */
export function RankingPage({ view, call, lists }: { view: View; call: Call; lists: RankingLists }) {
  const t = view.t;
  const title = t('calls.ranking.title', { title: call.title });
  return (
    <Layout view={view} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        <a class="kern-link" href={`/verwaltung/ausschreibungen/${call.id}/rangliste.csv`} download>
          {t('calls.ranking.csv')}
        </a>
      </p>
      {lists.lists.length === 0 && <p class="kern-body">{t('calls.ranking.empty')}</p>}
      {lists.lists.map((list) => {
        const caption = [list.authorityName, ...list.partition.map((value, i) => `${lists.partitionLabels[i]![view.lang]}: ${value.label[view.lang]}`)].join(' · ');
        return (
          <table class="kern-table" key={caption}>
            <caption class="kern-table__caption">{caption}</caption>
            <thead class="kern-table__head">
              <tr class="kern-table__row">
                <th class="kern-table__header" scope="col">
                  {t('calls.ranking.rank')}
                </th>
                <th class="kern-table__header" scope="col">
                  {t('calls.ranking.reference')}
                </th>
                {lists.columnLabels.map((label) => (
                  <th class="kern-table__header" scope="col" key={label.de}>
                    {label[view.lang]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {list.entries.map((entry, index) => (
                <tr class="kern-table__row" key={entry.applicationId}>
                  <td class="kern-table__cell">{index + 1}</td>
                  <td class="kern-table__cell">{entry.reference}</td>
                  {entry.values.map((value, i) => (
                    <td class="kern-table__cell" key={i}>
                      {value.label[view.lang]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </Layout>
  );
}
